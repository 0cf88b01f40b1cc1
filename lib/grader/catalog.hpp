// The exercises of the lab, read from its folders:
//   exercises/<id>/exercise.json   title, level, points, student-editable files, expected
//                                  categories, each editable file's starter (git blob id), time
//                                  limit
//   exercises/<id>/README.md       the lesson, with its hints in <details> blocks
//   tests/<id>/*.cpp               the tests; their TEST(Suite, Name) lines are the expected cases
//   tests/<id>/wrong/<name>/       kept wrong fixes, each naming the verdict it must get in a
//                                  "racelab-expects: <category>[ or <category>...]" line
//   solutions/<id>/<variant>/      the reference solutions
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace racelab {

// A wrong fix a student might write, kept to prove the tests reject it.
struct WrongFix {
  std::string name;                   // its folder: "lock-in-increment-only"
  std::vector<std::string> expected;  // the categories it may fail with
};

struct Exercise {
  std::string id;     // "01-counter-mutex"
  std::string title;  // "Counter with a lock"
  int level = 0;
  int points = 0;
  std::vector<std::string> files;      // student-editable, relative to exercises/<id>/
  std::vector<std::string> expected;   // categories the starter must fail with
  std::vector<std::string> solutions;  // variant names
  std::vector<WrongFix> wrong_fixes;
  std::vector<std::string> tests;  // "Suite.Name", in file order
  std::vector<std::string> hints;  // from the README, in order
  // How much CPU time (all threads together) one run of the tests may use before it is stopped
  // and graded `timeout`: twenty times that of the slowest reference solution pinned to one CPU,
  // and at least 30 s. CPU time, not time on the clock, so that a busy or slow grading machine
  // does not fail a correct solution. "cpu_time_limit_seconds" in exercise.json, so that a
  // students' copy without solutions has it too.
  double cpu_time_limit_seconds = kDefaultCpuTimeLimitSeconds;
  static constexpr double kDefaultCpuTimeLimitSeconds = 60;
  // Each student-editable file's git blob id as shipped: file -> id (see starter.hpp).
  std::map<std::string, std::string> starters;

  std::string number() const { return id.substr(0, id.find('-')); }
};

class Catalog {
 public:
  // Reads every exercise under `root`. Throws std::runtime_error naming the broken file.
  static Catalog Load(const std::filesystem::path& root);

  const std::vector<Exercise>& exercises() const { return exercises_; }
  // By full id ("01-counter-mutex") or number ("01", "1").
  const Exercise* Find(const std::string& id_or_number) const;

 private:
  std::vector<Exercise> exercises_;
};

// "TEST(Suite, Name)" and "TEST_F(Suite, Name)" lines of a test source, as "Suite.Name".
std::vector<std::string> ParseTestNames(const std::string& source);

// The categories of a "racelab-expects: data-race or wrong-result" line; empty if none.
std::vector<std::string> ParseExpects(const std::string& source);

// The bodies of the <details> blocks of a README, trimmed.
std::vector<std::string> ParseHints(const std::string& readme);

}  // namespace racelab
