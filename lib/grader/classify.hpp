// The verdict on one run of a test binary: pass, or fail with one category of the course
// outline and a message that explains it.
//
// Evidence comes from three places, all of which must agree for a pass:
//   - the exit: status 0, no signal, not killed at the time limit;
//   - GoogleTest's JSON results: every expected test case ran and passed;
//   - the output: no sanitizer report, no [racelab:<category>] line from the harness.
// When several problems show, the category is the one nearest to the cause, in this order:
// data-race, lock-order-inversion, use-after-free, double-free, deadlock, timeout, crash, leak,
// wrong-result, constraint, incomplete. The others are listed as well. (A starter breaks the
// lesson's rule too, e.g. 01's has no lock at all; its race is what the student must see first.)
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "process.hpp"

namespace racelab {

struct Verdict {
  bool passed = false;
  std::string category;           // "" when passed
  std::string message;            // why, for a student
  std::vector<std::string> also;  // other categories seen in the same run
};

struct TestRun {
  Outcome outcome;
  std::string output;                     // stdout and stderr of the binary
  std::optional<nlohmann::json> results;  // GoogleTest's --gtest_output=json, if it wrote one
};

// `expected_tests` are the "Suite.Name" cases the binary must run.
Verdict Classify(const TestRun& run, const std::vector<std::string>& expected_tests);

// The verdict for a student file that does not compile: the compiler's first errors.
Verdict CompileError(const std::string& build_output);

// Categories from cause to consequence; Classify reports the first one that shows.
const std::vector<std::string>& CategoryOrder();

}  // namespace racelab
