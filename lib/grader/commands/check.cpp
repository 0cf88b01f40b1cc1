#include <iostream>

#include "commands/commands.hpp"
#include "report.hpp"

namespace racelab::commands {

int Check(Context& context, const std::string& id) {
  const auto results = context.grader.Grade({&context.SelectOne(id)}, {Source::kExercise, ""});
  context.RecordProgress(results);
  PrintTable(std::cout, results, /*details=*/true);
  return AllPassed(results) ? kAllPass : kSomeFail;
}

}  // namespace racelab::commands
