// The commands of `./lab`, one file each. main.cpp defines their options with CLI11 and calls
// the one the student named; each returns the exit status (see context.hpp).
#pragma once

#include <filesystem>
#include <iosfwd>
#include <string>
#include <vector>

#include "commands/context.hpp"
#include "starter.hpp"

namespace racelab::commands {

struct GradeOptions {
  std::vector<std::string> ids;       // empty: every exercise
  std::string format = "table";       // a name of Formats()
  std::string output;                 // a file; empty or "-": standard output
  std::string sources = "exercises";  // or "solutions", "wrong-fixes"
  std::string submission;             // a folder that mirrors the lab; empty: none
  std::string submissions;            // a folder of submissions, one per student; empty: none
  std::vector<std::string> reports;   // more reports of the same grading: "<format>=<file>"
  std::string extra_tests_visibility = "visible";  // see Report::extra_tests_visibility
  int jobs = 1;   // with `submissions`: students graded at once, by as many worker processes
  int slot = -1;  // >= 0: this process is the worker of that slot (Lab::slot)
  std::vector<std::string> command_line;  // how this process was started (to start workers)
};
// `./lab grade`: one row per exercise and a total, in one of Formats().
int Grade(Context& context, const GradeOptions& options);

// `./lab grade --submissions DIR --output gradebook.csv`: every student under DIR, one row each.
int GradeClass(Context& context, const GradeOptions& options);

struct PackageOptions {
  std::string output;            // starter: the folder to write, new or empty; gradescope: a .zip
  std::vector<std::string> ids;  // gradescope: the assignment's exercises; empty: all
  std::string extra_tests;       // gradescope: the instructor's own tests (see --extra-tests)
  std::string extra_tests_visibility = "visible";  // gradescope: see Report
};
// `./lab package starter --output DIR`: the students' copy, without solutions and wrong fixes.
int PackageStarter(Context& context, const PackageOptions& options);
// `./lab package gradescope --output autograder.zip`: a Gradescope autograder.
int PackageGradescope(Context& context, const PackageOptions& options);

// Writes the students' copy of the lab into the folder `out` (package.cpp).
struct CopyCounts {
  int copied = 0, left_out = 0;
  std::string commit;  // the lab's commit it was made from
};
CopyCounts WriteStudentCopy(Context& context, const std::filesystem::path& out);

struct ClassroomOptions {
  std::vector<std::string> ids;  // the assignment's exercises; empty: all
  std::string lab_repository;    // "owner/name"; empty: the origin remote's
  std::string lab_ref;           // the lab's commit to grade with; empty: HEAD
  std::string output;            // empty: .github/workflows/classroom.yml
};
// `./lab classroom`: writes the GitHub Classroom autograding workflow.
int Classroom(Context& context, const ClassroomOptions& options);

// `./lab check ID`: grades one exercise and explains its verdict in full.
int Check(Context& context, const std::string& id);

struct TestOptions {
  std::vector<std::string> ids;  // empty: every exercise
  int repeat = 3;
  int wrong_fix_repeat = 0;  // 0: as many as `repeat`
};
// `./lab test`: proves the lab sound (starters fail, solutions pass).
int Test(Context& context, const TestOptions& options);

struct ExplainOptions {
  std::vector<std::string> ids;            // one exercise; with `measure`, any (default: all)
  std::string solution;                    // explore this solution variant, not the student's
  std::string wrong_fix;                   // or this kept wrong fix
  std::string format = "text";             // or "json"
  std::string svg;                         // also write the timeline to this SVG file
  bool measure = false;                    // every starter and solution: a table
  std::vector<std::string> explorer_args;  // --bound N, --pct RUNS, --seed N, --schedule S
};
// `./lab explain ID`: the failing schedule of the exercise's scenario, told as a story.
int Explain(Context& context, const ExplainOptions& options);

// `./lab list`: the exercises, as a table (with what passes and what is next) or JSON.
int List(Context& context, const std::string& format);

// The table of `./lab list`: one row per exercise, marked "pass" if it passed when last checked
// and "next" for the one to work on now.
void PrintExercises(std::ostream& out, const Context& context, const Progress& progress);

struct HintOptions {
  std::string id;
  int number = 0;  // 0: the one after the last seen
};
// `./lab hint ID [N]`: one hint of an exercise, recorded as seen.
int Hint(Context& context, const HintOptions& options);

struct WatchOptions {
  std::string id;              // "": the exercise to work on now (Progress::NextToDo)
  bool show_progress = false;  // start by showing the exercises and what passes
};
// `./lab watch [ID]`: re-checks an exercise each time it is saved, with single keys for hints,
// the next exercise, the list, checking all, reset and quit when standard input is a terminal.
int Watch(Context& context, const WatchOptions& options);

// `./lab` with no command: the student's progress, then watch mode on the exercise to work on.
int Start(Context& context);

struct BundleOptions {
  std::filesystem::path output = "racelab-bundle.tar.gz";
};
// `./lab bundle`: the dependency sources and this preset's instrumented builds in one archive,
// which `./lab setup --from FILE` unpacks on machines without a good network.
int Bundle(Context& context, const BundleOptions& options);

struct ExperimentOptions {
  std::vector<std::string> names;  // empty and not `all`: list the experiments
  bool all = false;
  std::filesystem::path output_dir;  // empty: build/experiments
  bool quick = false;  // measure little, to check that it runs and plots (CI); no figure to quote
  bool live = false;   // for a demo: show each measurement as it comes, draw no plot
};
// `./lab experiment NAME`: one of the workshop's experiments (lib/workshop/experiments/), built
// with the release preset: a table on the terminal, the plot as DIR/NAME.svg and .png.
int Experiment(Context& context, const ExperimentOptions& options);

struct DemoOptions {
  std::string name;    // "counter", "deadlock", "gil"; "": list the demos
  bool step = false;   // pause for Enter between the parts
  bool quick = false;  // no pauses (CI)
};
// `./lab demo NAME`: a race, a deadlock or the GIL shown live, for a projector.
int Demo(Context& context, const DemoOptions& options);

struct ResetOptions {
  std::string id;
  bool yes = false;  // do not ask
};
// `./lab reset ID`: puts an exercise's files back as shipped, keeping a copy of the student's.
int Reset(Context& context, const ResetOptions& options);

// Where `./lab reset` keeps the student's versions of the files it resets: build/backups/<time>.
std::filesystem::path BackupDir(const Context& context);

// Tells what a reset did to `exercise`'s files: which were reset, where the student's versions
// went, which already were the starter.
std::string DescribeReset(const Exercise& exercise, const std::vector<StarterFile>& files,
                          const std::vector<std::filesystem::path>& backups,
                          const std::filesystem::path& root);

}  // namespace racelab::commands
