// racelab's own JSON: every result with its verdict, message and seed, and how to replay it.
//   {"score", "max_score", "replay": {"lab_commit", "compiler", "preset", "missing_protections",
//              "lab_files"},
//    "seconds",
//    "exercises": [{"id", "title", "status": "pass"|"fail", "category", "score", "max_score",
//                   "message", "seed", "seconds"}]}
#include <nlohmann/json.hpp>

#include "formats/format.hpp"

namespace racelab {

std::string JsonFormat(const Report& report) {
  nlohmann::ordered_json exercises = nlohmann::ordered_json::array();
  for (const Result& result : report.results) {
    exercises.push_back({
        {"id", RowId(result)},
        {"title", result.exercise->title},
        {"status", result.verdict.passed ? "pass" : "fail"},
        {"category", result.verdict.passed ? nlohmann::ordered_json(nullptr)
                                           : nlohmann::ordered_json(result.verdict.category)},
        {"score", result.score},
        {"max_score", result.exercise->points},
        {"message", FullMessage(result)},
        {"seed", result.seed.empty() ? nlohmann::ordered_json(nullptr)
                                     : nlohmann::ordered_json(result.seed)},
        {"seconds", result.seconds},
    });
  }
  const nlohmann::ordered_json json = {
      {"score", report.score()},
      {"max_score", report.max_score()},
      {"replay",
       {{"lab_commit", report.replay.lab_commit},
        {"compiler", report.replay.compiler},
        {"preset", report.replay.preset},
        {"missing_protections", report.replay.missing_protections},
        {"lab_files", report.replay.lab_files}}},
      {"seconds", report.seconds},
      {"exercises", exercises},
  };
  return json.dump(2) + "\n";
}

}  // namespace racelab
