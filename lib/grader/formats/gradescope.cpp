// Gradescope's results.json, as its "Autograder Specifications" describe it: one test per
// exercise (name, number, score, max_score, status "passed"/"failed", output), the output in
// Markdown, and the seeds and versions to replay the grading in extra_data.
#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "formats/format.hpp"

namespace racelab {
namespace {

// A fence longer than any run of backticks in `text`, so that the message shows as written.
std::string Fenced(const std::string& text) {
  std::size_t longest = 0, run = 0;
  for (const char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  const std::string fence(std::max<std::size_t>(3, longest + 1), '`');
  return fence + "\n" + text + (text.empty() || text.back() == '\n' ? "" : "\n") + fence + "\n";
}

}  // namespace

std::string GradescopeFormat(const Report& report) {
  nlohmann::ordered_json tests = nlohmann::ordered_json::array();
  nlohmann::ordered_json seeds = nlohmann::ordered_json::object();
  for (const Result& result : report.results) {
    const std::string message = FullMessage(result);
    std::string output =
        result.verdict.passed ? "**pass**\n" : fmt::format("**{}**\n", result.verdict.category);
    if (!message.empty()) output += "\n" + Fenced(message);
    const std::string name = fmt::format("{} · {}", RowId(result), result.exercise->title);
    // An instructor's own test failed, and its details wait for the visibility asked for: the
    // score counts now, in a test every student sees; the message is in a test of its own.
    const bool held_back =
        !result.extra_failed.empty() && report.extra_tests_visibility != "visible";
    if (held_back) {
      tests.push_back({
          {"name", name + " · your instructor's tests"},
          {"number", result.exercise->number() + ".1"},
          {"status", "failed"},
          {"output", output},
          {"output_format", "md"},
          {"visibility", report.extra_tests_visibility},
      });
      const std::string what =
          result.verdict.category == "compile-error"
              ? std::string("Your code does not compile with your instructor's own tests.")
              : fmt::format("Your code failed {} of your instructor's own tests.",
                            result.extra_failed.size());
      output = fmt::format(
          "**{}**\n\n{} What went wrong is shown {}.\n", result.verdict.category, what,
          report.extra_tests_visibility == "after_due_date"    ? "after the due date"
          : report.extra_tests_visibility == "after_published" ? "once grades are published"
                                                               : "to your instructor only");
    }
    tests.push_back({
        {"name", name},
        {"number", result.exercise->number()},
        {"score", result.score},
        {"max_score", result.exercise->points},
        {"status", result.verdict.passed ? "passed" : "failed"},
        {"output", output},
        {"output_format", "md"},
    });
    if (!result.seed.empty()) seeds[RowId(result)] = result.seed;
  }
  const nlohmann::ordered_json json = {
      {"score", report.score()},
      {"execution_time", static_cast<long>(std::lround(report.seconds))},
      {"output",
       fmt::format("Graded by racelab {} with {} (preset {}). Replay one exercise with "
                   "./lab check <id> --seed <its seed>.",
                   report.replay.lab_commit, report.replay.compiler, report.replay.preset)},
      {"output_format", "md"},
      {"tests", tests},
      {"extra_data",
       {{"lab_commit", report.replay.lab_commit},
        {"compiler", report.replay.compiler},
        {"preset", report.replay.preset},
        {"missing_protections", report.replay.missing_protections},
        {"lab_files", report.replay.lab_files},
        {"seeds", seeds}}},
  };
  return json.dump(2) + "\n";
}

}  // namespace racelab
