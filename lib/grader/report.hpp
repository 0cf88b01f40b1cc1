// How results are shown: a table for people, JSON for graders (GitHub Classroom, Gradescope).
#pragma once

#include <iosfwd>
#include <nlohmann/json.hpp>
#include <vector>

#include "grade.hpp"

namespace racelab {

// One row per result, then the total. `details`: each failure's full message under the table
// (and a pass's compiler warnings).
void PrintTable(std::ostream& out, const std::vector<Result>& results, bool details);

// {"score", "max_score", "exercises": [{"id", "title", "status", "category", "score",
//  "max_score", "message"}]}
nlohmann::ordered_json ToJson(const std::vector<Result>& results);

// A failure's message, with what else was seen, the compiler's thread-safety warnings and where
// to get a hint; for a pass, only the warnings ("" if none).
std::string FullMessage(const Result& result);

}  // namespace racelab
