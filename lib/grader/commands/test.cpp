#include <filesystem>
#include <iostream>

#include "commands/commands.hpp"
#include "self_test.hpp"

namespace racelab::commands {

int Test(Context& context, const TestOptions& options) {
  if (!std::filesystem::exists(context.lab.root / "solutions")) {
    throw UsageError(
        "./lab test proves the lab sound against its reference solutions and kept wrong fixes, "
        "and this is the students' copy, which has neither. Run it in the instructors' copy. "
        "(./lab grade and ./lab check work here.)");
  }
  const int wrong_fix_repeat =
      options.wrong_fix_repeat > 0 ? options.wrong_fix_repeat : options.repeat;
  return RunSelfTest(context.grader, context.Select(options.ids), options.repeat, wrong_fix_repeat,
                     std::cout) == 0
             ? kAllPass
             : kSomeFail;
}

}  // namespace racelab::commands
