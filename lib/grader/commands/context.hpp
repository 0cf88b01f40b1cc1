// What every command of `./lab` works with: where the lab is, its exercises, and the grader.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "catalog.hpp"
#include "grade.hpp"
#include "progress.hpp"

namespace racelab::commands {

// Exit statuses of every command: 0 all selected exercises pass, 1 some fail, 2 usage or set-up
// error.
constexpr int kAllPass = 0;
constexpr int kSomeFail = 1;
constexpr int kUsageError = 2;

// A mistake in how a command was called: shown as "racelab: <what>", exit status 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Context {
  Lab lab;
  Catalog catalog;
  Grader grader;

  // The exercises named by `ids` (full ids or numbers), in that order; every exercise if `ids`
  // is empty. Throws UsageError naming an unknown id and listing the exercises.
  std::vector<const Exercise*> Select(const std::vector<std::string>& ids) const;

  // The one exercise named by `id`. Throws UsageError like Select.
  const Exercise& SelectOne(const std::string& id) const;

  // The ids of all exercises, in order.
  std::vector<std::string> Order() const;

  // The student's progress, read afresh: another racelab may have changed it since.
  Progress LoadProgress() const;

  // Saves `progress`; if it cannot, says so on standard error (the grading goes on).
  void SaveProgress(const Progress& progress) const;

  // Records in the progress file whether each result of the student's own files passed.
  void RecordProgress(const std::vector<Result>& results) const;
};

// True if every result passed.
bool AllPassed(const std::vector<Result>& results);

}  // namespace racelab::commands
