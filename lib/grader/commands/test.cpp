#include <iostream>

#include "commands/commands.hpp"
#include "self_test.hpp"

namespace racelab::commands {

int Test(Context& context, const TestOptions& options) {
  const int wrong_fix_repeat =
      options.wrong_fix_repeat > 0 ? options.wrong_fix_repeat : options.repeat;
  return RunSelfTest(context.grader, context.Select(options.ids), options.repeat, wrong_fix_repeat,
                     std::cout) == 0
             ? kAllPass
             : kSomeFail;
}

}  // namespace racelab::commands
