// GitHub Classroom's grading reporter (classroom-resources/autograding-grading-reporter) reads,
// for each runner id in its `runners` input, the environment variable <ID>_RESULTS: base64 of
//   {"version": 1, "status": "pass"|"fail"|"error", "max_score",
//    "tests": [{"name", "status", "score", "message", "line_no", "filename", "duration"}]}
// This is that JSON, one test per exercise with its explained message; the workflow that
// `./lab classroom` writes base64-encodes it. Messages are cut so that the whole stays well
// under what one environment variable may hold (128 KiB on Linux).
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "formats/format.hpp"

namespace racelab {

std::string ClassroomFormat(const Report& report) {
  // base64 makes it 4/3 larger; 128 KiB is the limit of one variable.
  const std::size_t per_message =
      report.results.empty() ? 0 : 80'000 / (report.results.size() * 4 / 3 + 1);
  nlohmann::ordered_json tests = nlohmann::ordered_json::array();
  bool passed = true;
  for (const Result& result : report.results) {
    passed = passed && result.verdict.passed;
    std::string message = result.verdict.passed ? "pass" : result.verdict.category;
    if (const std::string full = FullMessage(result); !full.empty()) message += ": " + full;
    if (message.size() > per_message) {
      message.resize(per_message);
      message += fmt::format("\n[cut: ./lab check {} shows it all]", result.exercise->number());
    }
    nlohmann::ordered_json test = {
        {"name", fmt::format("{} · {}", RowId(result), result.exercise->title)},
        {"status", result.verdict.passed ? "pass" : "fail"},
        {"score", result.score},
        {"message", message},
        {"duration", static_cast<long>(result.seconds * 1000)},  // milliseconds
    };
    if (const auto line = FindStudentLine(result)) {
      test["filename"] = line->file;
      test["line_no"] = line->line;
    }
    tests.push_back(std::move(test));
  }
  const nlohmann::ordered_json json = {
      {"version", 1},
      {"status", passed ? "pass" : "fail"},
      {"max_score", report.max_score()},
      {"tests", tests},
  };
  return json.dump() + "\n";
}

}  // namespace racelab
