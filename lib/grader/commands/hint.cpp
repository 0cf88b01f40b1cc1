#include <fmt/format.h>

#include <iostream>

#include "commands/commands.hpp"
#include "terminal.hpp"

namespace racelab::commands {

int Hint(Context& context, const HintOptions& options) {
  const Exercise& exercise = context.SelectOne(options.id);
  const int count = static_cast<int>(exercise.hints.size());
  if (count == 0) throw UsageError(exercise.id + " has no hints");
  if (options.number > count) {
    throw UsageError(fmt::format("{} has {} hint{}; there is no hint {}", exercise.id, count,
                                 count == 1 ? "" : "s", options.number));
  }
  Progress progress = context.LoadProgress();
  const int shown =
      options.number > 0 ? options.number : std::min(progress.hints_seen(exercise.id) + 1, count);
  progress.SawHint(exercise.id, shown);
  context.SaveProgress(progress);

  std::cout << Paint(fmt::format("{} · hint {} of {}", exercise.id, shown, count), Style::kBold)
            << "\n\n"
            << exercise.hints[shown - 1] << "\n\n";
  if (shown < count && progress.hints_seen(exercise.id) == shown) {
    std::cout << fmt::format("Still stuck? ./lab hint {} again shows hint {}.\n", exercise.number(),
                             shown + 1);
  } else if (shown < count) {
    std::cout << fmt::format("Still stuck? ./lab hint {} {}\n", exercise.number(), shown + 1);
  } else {
    std::cout << fmt::format("That was the last hint. ./lab hint {} 1 shows the first again.\n",
                             exercise.number());
  }
  return kAllPass;
}

}  // namespace racelab::commands
