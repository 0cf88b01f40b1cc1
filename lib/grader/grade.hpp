// Grading: build an exercise's tests against one version of the student's files, run them, and
// turn what happened into a verdict.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "catalog.hpp"
#include "classify.hpp"
#include "process.hpp"

namespace racelab {

// Where the lab and its build tree are.
struct Lab {
  std::filesystem::path root;       // the repository
  std::filesystem::path build_dir;  // build/<preset>
  std::string preset;
  bool one_core = false;  // run test binaries on CPU 0 only, as a grader with one CPU would
  std::string seed;       // when set, every test binary runs with this chaos seed (a replay)
  // Folders the code under test must not see (in class mode: every student's submission).
  std::vector<std::filesystem::path> hidden;
  // Graders side by side (`--submissions DIR -j N`): each has a slot, with its own staging folder
  // (SubmissionFolder) and, when root, its own test user; `slots` is how many there are.
  int slot = 0;
  int slots = 1;
  // An instructor's own tests, laid out like tests/ (absolute); empty: none. Built into every
  // exercise's tests (`--extra-tests DIR`).
  std::filesystem::path extra_tests;
};

// Which version of the student's files a test binary is built from.
struct Source {
  enum Kind { kExercise, kSolution, kSubmission, kWrongFix } kind = kExercise;
  std::string variant;  // the solution's or the wrong fix's name

  std::string TargetOf(const Exercise& exercise) const;
  std::string Label() const;  // "exercise", "solution std-mutex", "submission", "wrong fix x"
};

struct Result {
  const Exercise* exercise = nullptr;
  Source source;
  Verdict verdict;
  int score = 0;
  std::string warnings;  // Clang's thread-safety warnings about the student's files, if any
  std::string seed;      // the chaos seed the test binary ran with ("" if it did not run)
  double seconds = 0;    // running the tests, on the clock
  // The instructor's own tests (Lab::extra_tests) that failed or gave no result: the verdict
  // may be theirs, which a platform may keep from the student (Gradescope's visibility).
  std::vector<std::string> extra_failed;
};

// Where a grader in `slot` stages a submission, in the build tree: "submission", "submission1", ...
// Its test targets are <id>.submission<slot>, built from Source{kSubmission, SlotSuffix(slot)}.
std::string SlotSuffix(int slot);
inline std::string SubmissionFolder(int slot) { return "submission" + SlotSuffix(slot); }

// The value of `name` in the build tree's CMakeCache.txt, or "" if it has none.
std::string CMakeCacheEntry(const std::filesystem::path& build_dir, const std::string& name);

// The machine, not the code under test, kept the tests from running (a sanitizer that cannot
// start, say). what() says how to fix it. Never a verdict: nobody's grade.
struct SetupError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Grader {
 public:
  explicit Grader(Lab lab) : lab_(std::move(lab)) {}

  // Builds `targets`, going on past failures. Returns the compiler output of each target that
  // failed to build; the others are ready to run. Keeps the thread-safety warnings of each target
  // it compiled, for Warnings().
  std::map<std::string, std::string> Build(const std::vector<std::string>& targets);

  // Runs one built test binary and classifies what it did; `run`, if given, receives the raw
  // evidence. The binary is stopped as a `timeout` once it has used `cpu_time_limit_seconds` of
  // CPU time (all threads together), or after twice as long on the clock (at least 120 s, as
  // before). Throws SetupError if the binary could not start for a reason of the machine.
  // A submission's file that is missing is graded `missing`, with nothing built or run.
  // `lab_code`: the binary holds only the lab's own code (its unit tests), which runs with the
  // grader's rights; everything else runs as the test user when the grader is root.
  // `exercise`, when given and it declares a scenario (tests/<id>/scenario.cpp): if the tests
  // pass, the schedule explorer runs the scenario on the same version of the student's files,
  // with the same protections, and a failing schedule it finds fails the verdict (Explore).
  Verdict Run(const std::string& target, const std::vector<std::string>& expected_tests,
              TestRun* run = nullptr,
              double cpu_time_limit_seconds = Exercise::kDefaultCpuTimeLimitSeconds,
              bool lab_code = false, const std::string& gtest_filter = "",
              const Exercise* exercise = nullptr);

  // Builds (if needed) and runs each job: an exercise and the version of its files to grade.
  using Job = std::pair<const Exercise*, Source>;
  std::vector<Result> Grade(const std::vector<Job>& jobs);

  // The same version `source` of each of `exercises`.
  std::vector<Result> Grade(const std::vector<const Exercise*>& exercises, const Source& source);

  // Clang's thread-safety warnings about the student's files from the last time `target` was
  // compiled; "" if none.
  std::string Warnings(const std::string& target) const;

  // The instructor's own test cases for `exercise` ("Suite.Name"), from
  // Lab::extra_tests/<id>/*.cpp; none without extra tests.
  std::vector<std::string> ExtraTests(const Exercise& exercise) const;

  const Lab& lab() const { return lab_; }
  // Folders the code under test must not see from now on, besides those already hidden (see
  // Lab::hidden).
  void Hide(const std::vector<std::filesystem::path>& folders) {
    lab_.hidden.insert(lab_.hidden.end(), folders.begin(), folders.end());
  }

 private:
  // For a submission: the first of `exercise`'s files that it lacks, as
  // "exercises/<id>/<file>"; "" if it has them all or `source` is no submission.
  std::string MissingFile(const Exercise& exercise, const Source& source) const;

  // The schedule explorer on `exercise`'s scenario, built from the same student files as the
  // test binary `target`, run with `protected_command`'s protections (the test user, no
  // network, hidden folders, its scratch folder). Returns `passed` unchanged unless it finds a
  // failing schedule of a kind that proves a bug (IsEvidence): then a failing verdict with the
  // story. It never turns a failure into a pass.
  Verdict Explore(const Exercise& exercise, const std::string& target,
                  const Command& protected_command, const Verdict& passed);

  // Configures the build tree again if this grading needs what it lacks: the instructor's own
  // tests (Lab::extra_tests) added or removed, or more staging folders (Lab::slots).
  void Configure();

  Lab lab_;
};

}  // namespace racelab
