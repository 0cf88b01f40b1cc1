#include <iostream>

#include "commands/commands.hpp"
#include "terminal.hpp"

namespace racelab::commands {

int Start(Context& context) {
  const Progress progress = context.LoadProgress();
  if (!progress.NextToDo(context.Order())) {
    PrintExercises(std::cout, context, progress);
    std::cout << "\n" << Paint("Every exercise passes. Well done!", Style::kGreen) << "\n";
    return kAllPass;
  }
  PrintExercises(std::cout, context, progress);
  std::cout << std::endl;
  return Watch(context, {"", /*show_progress=*/true});
}

}  // namespace racelab::commands
