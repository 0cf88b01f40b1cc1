// Failure categories, as the grader names them.
//
// A test fails with a category by starting its failure message with that category's tag:
//
//   EXPECT_EQ(tracker.live(), 0) << racelab::kLeak << "an Object was never freed";
//
// A failed assertion without a tag counts as `wrong-result`. Data races, lock-order inversions
// and use-after-free come from the sanitizer's own report and need no tag.
#pragma once

#include <string_view>

namespace racelab {

inline constexpr std::string_view kWrongResult = "[racelab:wrong-result] ";
inline constexpr std::string_view kLeak = "[racelab:leak] ";
inline constexpr std::string_view kDoubleFree = "[racelab:double-free] ";
inline constexpr std::string_view kUseAfterFree = "[racelab:use-after-free] ";
inline constexpr std::string_view kConstraint = "[racelab:constraint] ";
inline constexpr std::string_view kDeadlock = "[racelab:deadlock] ";
inline constexpr std::string_view kTimeout = "[racelab:timeout] ";
inline constexpr std::string_view kCrash = "[racelab:crash] ";

// Writes `tag` and `message` to stderr at once, as one line. For verdicts that must survive
// whatever the program does next (a crash, a hang).
void ReportNow(std::string_view tag, std::string_view message);

// Reports, then ends the test binary at once: for a hang, where no test can go on.
// Skips exit handlers and the sanitizer's exit code; the grader reads the tag.
[[noreturn]] void EndNow(std::string_view tag, std::string_view message);

// The exit status of EndNow, so that a grader can tell it from a crash.
inline constexpr int kEndNowExitStatus = 86;

}  // namespace racelab
