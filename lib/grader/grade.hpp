// Grading: build an exercise's tests against one version of the student's files, run them, and
// turn what happened into a verdict.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "catalog.hpp"
#include "classify.hpp"

namespace racelab {

// Where the lab and its build tree are.
struct Lab {
  std::filesystem::path root;       // the repository
  std::filesystem::path build_dir;  // build/<preset>
  std::string preset;
  bool one_core = false;  // run test binaries on CPU 0 only, as a grader with one CPU would
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
};

class Grader {
 public:
  explicit Grader(Lab lab) : lab_(std::move(lab)) {}

  // Builds `targets`, going on past failures. Returns the compiler output of each target that
  // failed to build; the others are ready to run.
  std::map<std::string, std::string> Build(const std::vector<std::string>& targets);

  // Runs one built test binary and classifies what it did; `run`, if given, receives the raw
  // evidence.
  Verdict Run(const std::string& target, const std::vector<std::string>& expected_tests,
              TestRun* run = nullptr, double timeout_seconds = 120);

  // Builds (if needed) and runs each job: an exercise and the version of its files to grade.
  using Job = std::pair<const Exercise*, Source>;
  std::vector<Result> Grade(const std::vector<Job>& jobs);

  // The same version `source` of each of `exercises`.
  std::vector<Result> Grade(const std::vector<const Exercise*>& exercises, const Source& source);

  const Lab& lab() const { return lab_; }

 private:
  Lab lab_;
};

}  // namespace racelab
