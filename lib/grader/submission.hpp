// A student's submission, for `lab grade --submission DIR`. DIR mirrors the lab's layout
// (DIR/exercises/<id>/<file>); only the files each exercise declares student-editable are taken.
// Tests, harness and build files always come from the lab itself.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "catalog.hpp"

namespace racelab {

struct Staged {
  std::vector<std::string> missing;  // declared files not in DIR: the starter is used instead
  std::vector<std::string> ignored;  // files in DIR that are not student-editable
};

// Copies the declared files of `exercises` from `submission` into `staging`
// (<build>/submission), which the <id>.submission targets compile.
Staged StageSubmission(const std::filesystem::path& lab_root,
                       const std::filesystem::path& submission,
                       const std::filesystem::path& staging,
                       const std::vector<const Exercise*>& exercises,
                       const std::vector<Exercise>& all_exercises);

}  // namespace racelab
