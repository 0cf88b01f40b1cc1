#include <fmt/format.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "commands/commands.hpp"
#include "terminal.hpp"

namespace racelab::commands {

void PrintExercises(std::ostream& out, const Context& context, const Progress& progress) {
  const auto next = progress.NextToDo(context.Order());
  for (const Exercise& e : context.catalog.exercises()) {
    std::string mark = "    ";
    if (progress.passed(e.id)) mark = Paint("pass", Style::kGreen);
    if (next == e.id) mark = Paint("next", Style::kBold);
    out << fmt::format("  {}  {:<22} level {}  {:>3} points  {}\n", mark, e.id, e.level, e.points,
                       e.title);
  }
}

int List(Context& context, const std::string& format) {
  if (format == "json") {
    nlohmann::ordered_json all = nlohmann::ordered_json::array();
    for (const Exercise& e : context.catalog.exercises()) {
      all.push_back({{"id", e.id},
                     {"title", e.title},
                     {"level", e.level},
                     {"points", e.points},
                     {"files", e.files},
                     {"solutions", e.solutions}});
    }
    std::cout << all.dump(2) << "\n";
    return kAllPass;
  }
  PrintExercises(std::cout, context, context.LoadProgress());
  return kAllPass;
}

}  // namespace racelab::commands
