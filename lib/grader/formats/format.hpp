// A grading report and the formats it is written in, one file each: a table for people, and for
// graders JSON, Gradescope's results.json, JUnit XML, Markdown (a job summary) and GitHub's
// workflow commands (annotations at the student's line).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "grade.hpp"

namespace racelab {

// What is needed to replay a report: the lab, the compiler and the preset that built the tests.
// Each result carries its own chaos seed (`./lab check ID --seed N` replays it).
struct Replay {
  std::string lab_commit;  // "unknown" outside a git checkout
  std::string compiler;    // "GNU 12.2.0"
  std::string preset;      // "tsan"
  // The grader's protections against the code under test that this machine did not allow
  // (see AvailableProtections in process.hpp), by name: "subreaper", "no-network",
  // "separate-user", "hidden-submissions".
  std::vector<std::string> missing_protections;
  // The SHA-256 of the lab's own files that graded, by part: "tests", "harness" (lib/harness),
  // "grader" (lib/grader) and "build" (cmake/, CMakeLists.txt, CMakePresets.json, lab). Each is
  // the digest of `sha256sum` run on the part's files, in name order, from the lab's root.
  std::map<std::string, std::string> lab_files;
};

// The replay of a grading done now, in `lab`; `class_mode` when strangers' submissions are
// graded side by side (then hiding them from each other is a protection).
Replay ReplayOf(const Lab& lab, bool class_mode = false);

struct Report {
  std::vector<Result> results;
  Replay replay;
  double seconds = 0;  // the whole grading, building included
  // Gradescope: who sees the message of a verdict that an instructor's own test gave
  // ("visible", "hidden", "after_due_date", "after_published"); the score always counts.
  std::string extra_tests_visibility = "visible";

  int score() const;
  int max_score() const;
};

// A format writes the whole report as one text.
using Format = std::string (*)(const Report& report);

// Every format by name: "table", "json", "gradescope", "junit", "markdown", "github",
// "classroom".
const std::map<std::string, Format>& Formats();

std::string TableFormat(const Report& report);  // one row per result, then the total
std::string JsonFormat(const Report& report);
std::string GradescopeFormat(const Report& report);
std::string JunitFormat(const Report& report);
std::string MarkdownFormat(const Report& report);
std::string GithubFormat(const Report& report);
std::string ClassroomFormat(const Report& report);  // GitHub Classroom's grading reporter

// The table, each failure's full message under it when `details` (and a pass's warnings).
std::string Table(const std::vector<Result>& results, bool details);

// Shared by the formats.

// "01-counter-mutex", or "01-counter-mutex:std-mutex" for a solution, ":wrong/x" for a wrong fix.
std::string RowId(const Result& result);

// "pass" or the failure's category.
std::string VerdictWord(const Result& result);

// A failure's message, with what else was seen, the compiler's thread-safety warnings and where
// to get a hint; for a pass, only the warnings ("" if none).
std::string FullMessage(const Result& result);

// Where in the student's file the verdict points: the first `<file>:<line>` of the message that
// names one of the exercise's editable files.
struct StudentLine {
  std::string file;  // relative to the repository: exercises/<id>/<file>
  int line = 0;
};
std::optional<StudentLine> FindStudentLine(const Result& result);

}  // namespace racelab
