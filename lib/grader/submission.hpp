// A student's submission, for `lab grade --submission DIR`. Only the files each exercise declares
// student-editable are taken; tests, harness and build files always come from the lab itself.
// Each file is looked for where a student or a platform is likely to put it:
//   DIR/exercises/<id>/<file>   the lab's own layout (a fork, a GitHub Classroom repository)
//   DIR/<id>/<file>             the exercise folders alone
//   DIR/<file>                  the files alone (a Gradescope upload), when no other exercise
//                               has a file of that name (01 and 02 both have counter.hpp)
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "catalog.hpp"

namespace racelab {

struct Staged {
  // Declared files found nowhere: those exercises are graded `missing`.
  std::vector<std::string> missing;
  // Files at DIR's root whose name belongs to several exercises: where they belong is unknown.
  std::vector<std::string> ambiguous;
  // Files taken from another place than exercises/<id>/<file>: "<found> as <where it belongs>".
  std::vector<std::string> relocated;
  // Files in DIR that are not student-editable, and were not taken.
  std::vector<std::string> ignored;
};

// Copies the declared files of `exercises` from `submission` into `staging`
// (<build>/submission/exercises/<id>/<file>), which the <id>.submission targets compile. A file
// found nowhere is left out of `staging`: the grader grades that exercise `missing`. With a
// `reader` id (TestUserId, when the grader is root), the staged files are readable by that user
// and the grader only: not by other students' graders side by side.
Staged StageSubmission(const std::filesystem::path& submission,
                       const std::filesystem::path& staging,
                       const std::vector<const Exercise*>& exercises,
                       const std::vector<Exercise>& all_exercises, long reader = -1);

// What a submission folder should look like, for when nothing in it was recognised.
std::string ExpectedLayout(const std::vector<const Exercise*>& exercises);

}  // namespace racelab
