#include <fmt/format.h>

#include <filesystem>
#include <iostream>

#include "commands/commands.hpp"
#include "formats/format.hpp"

namespace fs = std::filesystem;

namespace racelab::commands {

int Check(Context& context, const std::string& id) {
  const auto results = context.grader.Grade({&context.SelectOne(id)}, {Source::kExercise, ""});
  context.RecordProgress(results);
  std::cout << Table(results, /*details=*/true);
  for (const Result& result : results) {
    if (!result.verdict.passed && !result.seed.empty()) {
      std::cout << fmt::format(
          "\nThis run's chaos seed was {}: ./lab check {} --seed {} runs the "
          "tests with the same random pauses again.\n",
          result.seed, result.exercise->number(), result.seed);
    }
    if (!result.verdict.passed &&
        fs::exists(context.lab.root / "tests" / result.exercise->id / "scenario.cpp")) {
      std::cout << fmt::format(
          "\nTo see, step by step, how two threads can interleave to break it: ./lab explain {}\n",
          result.exercise->number());
    }
  }
  return AllPassed(results) ? kAllPass : kSomeFail;
}

}  // namespace racelab::commands
