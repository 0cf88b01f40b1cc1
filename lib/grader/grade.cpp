#include "grade.hpp"

#include <fmt/format.h>

#include <iostream>

#include "process.hpp"
#include "symbolize.hpp"

namespace racelab {
namespace fs = std::filesystem;

// What a test binary may print (and write) before it is stopped as a flood.
constexpr std::size_t kMaxTestOutputBytes = 16u << 20;

std::string Source::TargetOf(const Exercise& exercise) const {
  switch (kind) {
    case kExercise:
      return exercise.id + ".exercise";
    case kSolution:
      return exercise.id + ".solution." + variant;
    case kSubmission:
      return exercise.id + ".submission";
    case kWrongFix:
      return exercise.id + ".wrong." + variant;
  }
  return exercise.id;
}

std::string Source::Label() const {
  switch (kind) {
    case kExercise:
      return "exercise";
    case kSolution:
      return "solution " + variant;
    case kSubmission:
      return "submission";
    case kWrongFix:
      return "wrong fix " + variant;
  }
  return "";
}

std::map<std::string, std::string> Grader::Build(const std::vector<std::string>& targets) {
  std::map<std::string, std::string> failures;
  if (targets.empty()) return failures;
  const fs::path logs = lab_.build_dir / "logs";
  fs::create_directories(logs);

  std::cerr << fmt::format("racelab: building {} test binar{} ({})\n", targets.size(),
                           targets.size() == 1 ? "y" : "ies", lab_.preset);
  // One ninja run builds everything it can, in parallel; `-k 0` keeps going past errors.
  Command all{{"cmake", "--build", lab_.build_dir.string(), "--target"}, logs / "build.log", 3600};
  all.argv.insert(all.argv.end(), targets.begin(), targets.end());
  all.argv.insert(all.argv.end(), {"--", "-k", "0"});
  if (RunCommand(all).exited_ok()) return failures;

  // Then each target alone: a no-op for those that built, the compiler's errors for the others.
  for (const std::string& target : targets) {
    const fs::path log = logs / (target + ".build.log");
    if (!RunCommand({{"cmake", "--build", lab_.build_dir.string(), "--target", target}, log, 600})
             .exited_ok()) {
      failures[target] = ReadFile(log, 1u << 20);
    }
  }
  return failures;
}

Verdict Grader::Run(const std::string& target, const std::vector<std::string>& expected_tests,
                    TestRun* run_out, double timeout_seconds) {
  const fs::path runs = lab_.build_dir / "runs";
  fs::create_directories(runs);
  const fs::path json = runs / (target + ".json");
  const fs::path log = runs / (target + ".log");
  fs::remove(json);

  TestRun run;
  run.outcome = RunCommand({{(lab_.build_dir / "bin" / target).string(),
                             "--gtest_output=json:" + json.string(), "--gtest_color=no"},
                            log,
                            timeout_seconds,
                            kMaxTestOutputBytes,
                            {},
                            lab_.one_core});
  run.output = SymbolizeUnknownFrames(ReadFile(log), lab_.build_dir / "bin" / target, runs);
  if (fs::exists(json)) {
    try {
      run.results = nlohmann::json::parse(ReadFile(json));
    } catch (const nlohmann::json::exception&) {
      // A half-written file: the binary ended while writing it. Treated as no results.
    }
  }
  Verdict verdict = Classify(run, expected_tests);
  if (run_out != nullptr) *run_out = std::move(run);
  return verdict;
}

std::vector<Result> Grader::Grade(const std::vector<Job>& jobs) {
  std::vector<std::string> targets;
  for (const auto& [exercise, source] : jobs) targets.push_back(source.TargetOf(*exercise));
  const auto build_failures = Build(targets);

  std::vector<Result> results;
  for (const auto& [exercise, source] : jobs) {
    Result result;
    result.exercise = exercise;
    result.source = source;
    const std::string target = source.TargetOf(*exercise);
    if (const auto failed = build_failures.find(target); failed != build_failures.end()) {
      result.verdict = CompileError(failed->second);
    } else {
      result.verdict = Run(target, exercise->tests);
    }
    result.score = result.verdict.passed ? exercise->points : 0;
    results.push_back(std::move(result));
  }
  return results;
}

std::vector<Result> Grader::Grade(const std::vector<const Exercise*>& exercises,
                                  const Source& source) {
  std::vector<Job> jobs;
  for (const Exercise* exercise : exercises) jobs.emplace_back(exercise, source);
  return Grade(jobs);
}

}  // namespace racelab
