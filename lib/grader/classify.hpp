// The verdict on one run of a test binary: pass, or fail with one category of the course
// outline and a message that explains it.
//
// Evidence comes from three places, all of which must agree for a pass:
//   - the exit: status 0, no signal, not killed at the time limit;
//   - GoogleTest's JSON results: every expected test case ran and passed;
//   - the output: no sanitizer report, no [racelab:<category>] line from the harness.
// When several problems show, the category is the one nearest to the cause, in this order:
// data-race, lock-order-inversion, use-after-free, double-free, deadlock, timeout, crash, leak,
// wrong-result, constraint, incomplete. The others are listed as well, each briefly. (A starter
// breaks the lesson's rule too, e.g. 01's has no lock at all; its race is what the student must see
// first.)
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "process.hpp"

namespace racelab {

// One problem seen in a run.
struct Finding {
  std::string category;
  std::string message;  // the whole story, for when it is the verdict
  std::string brief;    // one or two lines, for when another finding is the verdict
};

struct Verdict {
  bool passed = false;
  std::string category;       // "" when passed
  std::string message;        // why, for a student
  std::vector<Finding> also;  // the other findings of the same run, most important first
};

struct TestRun {
  Outcome outcome;
  std::string output;                     // stdout and stderr of the binary
  std::optional<nlohmann::json> results;  // GoogleTest's --gtest_output=json, if it wrote one
};

// `expected_tests` are the "Suite.Name" cases the binary must run.
Verdict Classify(const TestRun& run, const std::vector<std::string>& expected_tests);

// The set-up problem that kept a sanitizer from starting the test binary (not the student's
// code: "FATAL: ThreadSanitizer: unexpected memory mapping"), told with its fix; "" if none.
std::string SanitizerStartFailure(const std::string& output);

// Categories from cause to consequence; Classify reports the first one that shows.
const std::vector<std::string>& CategoryOrder();

}  // namespace racelab
