// GitHub Classroom's grading reporter (classroom-resources/autograding-grading-reporter) reads,
// for each runner id in its `runners` input, the environment variable <ID>_RESULTS: base64 of
//   {"version": 1, "status": "pass"|"fail"|"error", "max_score",
//    "tests": [{"name", "status", "score", "message", "line_no", "filename", "duration"}]}
// This is that JSON, one test per exercise with its explained message; the workflow that
// `./lab classroom` writes base64-encodes it. Messages are cut so that the whole stays well
// under what one environment variable may hold (128 KiB on Linux).
#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "formats/format.hpp"

namespace racelab {

std::string ClassroomFormat(const Report& report) {
  // One environment variable holds 128 KiB; base64 makes the JSON 4/3 larger, so it may be 96 KiB.
  // The messages share 80 KB of that, the rest is room for names and fields.
  constexpr std::size_t kMessagesBytes = 80'000;
  const std::size_t per_message = kMessagesBytes / std::max<std::size_t>(1, report.results.size());
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
