#include "grade.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <regex>
#include <set>

#include "compiler_launcher.hpp"
#include "compiler_output.hpp"
#include "exploration.hpp"
#include "process.hpp"
#include "symbolize.hpp"

namespace racelab {
namespace fs = std::filesystem;

// How long every thread of a test binary may sit blocked or asleep, using no CPU, before the
// grader ends it as a deadlock.
constexpr double kStallSeconds = 15;

// What a test binary may print (and write) before it is stopped as a flood.
constexpr std::size_t kMaxTestOutputBytes = 16u << 20;

// The schedule explorer in grading: every schedule with up to this many preemptions (spurious
// wake-ups included), for at most this long; a search cut short finds nothing, and the verdict
// stays the tests'.
constexpr int kExploreBound = 2;
// The search stops after kExploreSchedules schedules, so that a grade is the same on a fast
// machine and a busy one (13's solution runs about 1,000 in 1.5-3 s on 2 cores); the clock only
// guards against a machine so slow that it would blow the grading budget, and then the search is
// cut short, which never fails a grade.
constexpr long kExploreSchedules = 1000;
constexpr double kExploreSeconds = 10;

// The scenario binary of a test target, if its exercise declares a scenario
// ("13-bounded-queue.exercise" -> "13-bounded-queue.explore.exercise"), or "".
std::string ExploreTargetFor(const fs::path& root, const std::string& target) {
  const std::string id = target.substr(0, target.find('.'));
  const std::string kind = target.substr(id.size());
  static const std::regex versions(R"(\.(exercise|solution\..+|submission\d*|wrong\..+))");
  if (!std::regex_match(kind, versions) || id.empty() ||
      !fs::exists(root / "tests" / id / "scenario.cpp")) {
    return "";
  }
  return id + ".explore" + kind;
}

std::string Source::TargetOf(const Exercise& exercise) const {
  switch (kind) {
    case kExercise:
      return exercise.id + ".exercise";
    case kSolution:
      return exercise.id + ".solution." + variant;
    case kSubmission:
      return exercise.id + ".submission" + variant;
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

namespace {

// Holds an exclusive lock on the build tree while it lives: two graders (a watch loop and a
// `./lab grade` in another terminal) take turns to build, then run their binaries side by side.
class BuildTreeLock {
 public:
  explicit BuildTreeLock(const fs::path& build_dir)
      : fd_(open((build_dir / ".racelab-build.lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644)) {
    if (fd_ >= 0 && flock(fd_, LOCK_EX | LOCK_NB) != 0) {
      std::cerr << "racelab: another racelab is building in this tree; waiting for it\n";
      flock(fd_, LOCK_EX);
    }
  }
  ~BuildTreeLock() {
    if (fd_ >= 0) close(fd_);
  }
  BuildTreeLock(const BuildTreeLock&) = delete;
  BuildTreeLock& operator=(const BuildTreeLock&) = delete;

 private:
  int fd_;
};

}  // namespace

std::string SlotSuffix(int slot) { return slot == 0 ? "" : std::to_string(slot); }

std::string CMakeCacheEntry(const fs::path& build_dir, const std::string& name) {
  std::ifstream cache(build_dir / "CMakeCache.txt");
  for (std::string line; std::getline(cache, line);) {
    if (line.rfind(name + ":", 0) == 0) return line.substr(line.find('=') + 1);
  }
  return "";
}

std::vector<std::string> Grader::ExtraTests(const Exercise& exercise) const {
  std::vector<std::string> names;
  if (lab_.extra_tests.empty()) return names;
  std::vector<fs::path> files;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(lab_.extra_tests / exercise.id, error)) {
    if (entry.path().extension() == ".cpp") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const fs::path& file : files) {
    for (std::string& name : ParseTestNames(ReadFile(file))) names.push_back(std::move(name));
  }
  return names;
}

void Grader::Configure() {
  // The instructor's own tests in the build, or none: as this grading asks. CMake lists their
  // files when it configures, so a file added or removed since then configures again.
  std::string extra_files;
  std::error_code error;
  for (fs::recursive_directory_iterator it(lab_.extra_tests, error), end;
       !lab_.extra_tests.empty() && !error && it != end; it.increment(error)) {
    if (it->path().extension() == ".cpp") extra_files += it->path().string() + "\n";
  }
  const fs::path extra_list = lab_.build_dir / "extra-tests.list";
  const bool extra_changed =
      CMakeCacheEntry(lab_.build_dir, "RACELAB_EXTRA_TESTS") != lab_.extra_tests.string() ||
      ReadFile(extra_list) != extra_files;
  // Staging folders for as many graders side by side as asked (never fewer than the tree has).
  const int configured =
      std::atoi(CMakeCacheEntry(lab_.build_dir, "RACELAB_SUBMISSION_SLOTS").c_str());
  const bool slots_missing = configured < lab_.slots;
  const int slots = std::max(lab_.slots, configured);
  if (!extra_changed && !slots_missing) return;
  if (extra_changed) {
    std::cerr << (lab_.extra_tests.empty()
                      ? std::string("racelab: building without the instructor's own tests\n")
                      : fmt::format("racelab: adding the instructor's own tests from {}\n",
                                    lab_.extra_tests.string()));
  }
  const fs::path log = lab_.build_dir / "logs" / "configure.log";
  if (!RunCommand(
           {{"cmake", lab_.build_dir.string(), "-DRACELAB_EXTRA_TESTS=" + lab_.extra_tests.string(),
             fmt::format("-DRACELAB_SUBMISSION_SLOTS={}", slots)},
            log,
            600})
           .exited_ok()) {
    throw SetupError("configuring the build tree failed:\n" + ReadFile(log, 8192));
  }
  std::ofstream(extra_list) << extra_files;
}

std::map<std::string, std::string> Grader::Build(const std::vector<std::string>& targets) {
  std::map<std::string, std::string> failures;
  if (targets.empty()) return failures;
  const fs::path logs = lab_.build_dir / "logs";
  fs::create_directories(logs);
  const BuildTreeLock lock(lab_.build_dir);

  Configure();

  std::cerr << fmt::format("racelab: building {} test binar{} ({})\n", targets.size(),
                           targets.size() == 1 ? "y" : "ies", lab_.preset);
  // One ninja run builds everything it can, in parallel; `-k 0` keeps going past errors.
  // A submission's code compiles as the test user, without the hidden folders (its targets'
  // compiler launcher reads these).
  std::vector<std::pair<std::string, std::string>> environment;
  if (const long user = TestUserId(lab_.slot); user >= 0) {
    std::string hidden;
    for (const fs::path& folder : lab_.hidden) hidden += folder.string() + "\n";
    environment = {{kCompileAsVariable, std::to_string(user)}, {kCompileHiddenVariable, hidden}};
  }
  // With each test binary, its exercise's scenario binary, if any (Explore runs it). One that
  // does not build is no verdict: the test binary's build says what the compiler thinks.
  std::vector<std::string> all_targets = targets;
  std::vector<std::string> scenarios;
  for (const std::string& target : targets) {
    if (const std::string scenario = ExploreTargetFor(lab_.root, target); !scenario.empty()) {
      scenarios.push_back(scenario);
      all_targets.push_back(scenario);
    }
  }
  Command all{{"cmake", "--build", lab_.build_dir.string(), "--target"}, logs / "build.log", 3600};
  all.environment = environment;
  all.argv.insert(all.argv.end(), all_targets.begin(), all_targets.end());
  all.argv.insert(all.argv.end(), {"--", "-k", "0"});
  const bool all_built = RunCommand(all).exited_ok();
  // A scenario binary that did not build this time must not be run from an earlier build (of
  // other files): it is removed, and that version is not explored.
  const auto remove_failed_scenarios = [&] {
    for (const std::string& scenario : scenarios) {
      Command alone{{"cmake", "--build", lab_.build_dir.string(), "--target", scenario},
                    logs / (scenario + ".build.log"),
                    600};
      alone.environment = environment;
      if (!RunCommand(alone).exited_ok()) {
        std::error_code ignored;
        fs::remove(lab_.build_dir / "bin" / scenario, ignored);
      }
    }
  };

  // What the compiler warned about each target it compiled, kept until it compiles it again.
  for (const auto& [target, output] : OutputByTarget(ReadFile(all.output))) {
    const fs::path kept = logs / (target + ".warnings");
    if (const std::string warnings = ThreadSafetyWarnings(output, lab_.root); !warnings.empty()) {
      std::ofstream(kept) << warnings;
    } else {
      fs::remove(kept);
    }
  }
  if (all_built) return failures;
  remove_failed_scenarios();

  // Then each target alone: a no-op for those that built, the compiler's errors for the others.
  for (const std::string& target : targets) {
    const fs::path log = logs / (target + ".build.log");
    Command alone{{"cmake", "--build", lab_.build_dir.string(), "--target", target}, log, 600};
    alone.environment = environment;
    if (!RunCommand(alone).exited_ok()) {
      failures[target] = ReadFile(log, 1u << 20);
      // A compiler killed for want of memory (the kernel's OOM killer, a container's limit) is the
      // machine's problem, never the student's compile error.
      static const std::regex killed(
          R"(Killed signal terminated program|unable to execute command: Killed|fatal error: Killed)");
      if (std::regex_search(failures[target], killed)) {
        throw SetupError(fmt::format(
            "the compiler was killed while building {}: the machine ran out of memory. Give the "
            "grader more memory (on Gradescope, the autograder's memory setting: 2 GB is "
            "plenty), or build with fewer jobs at once (CMAKE_BUILD_PARALLEL_LEVEL=1).",
            target));
      }
    }
  }
  return failures;
}

Verdict Grader::Run(const std::string& target, const std::vector<std::string>& expected_tests,
                    TestRun* run_out, double cpu_time_limit_seconds, bool lab_code,
                    const std::string& gtest_filter, const Exercise* exercise) {
  // Named by this process, so that graders running side by side never read each other's files.
  const fs::path runs = lab_.build_dir / "runs";
  fs::create_directories(runs);
  const std::string stem = fmt::format("{}.{}", target, getpid());
  const fs::path log = runs / (stem + ".log");
  // The one folder the test binary may write to: as root, it runs as a user of its own (see
  // TestUserId), who owns this folder and nothing else of the grader's.
  const fs::path scratch = runs / stem;
  fs::remove_all(scratch);
  fs::create_directories(scratch);
  const long user = lab_code ? -1 : TestUserId(lab_.slot);
  if (user >= 0) {
    if (chown(scratch.c_str(), static_cast<uid_t>(user), static_cast<gid_t>(user)) != 0) {
      throw SetupError("cannot hand " + scratch.string() + " to the test user");
    }
    fs::permissions(scratch, fs::perms::owner_all);
  }
  const fs::path json = scratch / "results.json";

  TestRun run;
  Command command{{(lab_.build_dir / "bin" / target).string(),
                   "--gtest_output=json:" + json.string(), "--gtest_color=no"},
                  log};
  // Stopped by CPU time, which a busy grading machine does not use up, and by wall time only as
  // a backstop (a thread that sleeps in a loop forever uses almost no CPU).
  command.cpu_limit_seconds = cpu_time_limit_seconds;
  command.timeout_seconds = std::max(120.0, 2 * cpu_time_limit_seconds);
  // The harness's watchdog names a deadlock after 5 s; this ends one it cannot see (in a static
  // initializer, before the watchdog starts), or a process that sleeps forever.
  command.stall_seconds = kStallSeconds;
  command.isolate_network = true;
  command.max_output_bytes = kMaxTestOutputBytes;
  command.one_core = lab_.one_core;
  if (!gtest_filter.empty()) command.argv.push_back("--gtest_filter=" + gtest_filter);
  command.run_as_id = user;
  command.hidden = lab_.hidden;
  command.working_dir = scratch;
  command.environment.emplace_back("HOME", scratch.string());  // not the grader's
  if (!lab_.seed.empty()) command.environment.emplace_back("RACELAB_SEED", lab_.seed);
  run.outcome = RunCommand(command);
  run.output = SymbolizeUnknownFrames(ReadFile(log), lab_.build_dir / "bin" / target, runs);
  if (const std::string failure = SanitizerStartFailure(run.output); !failure.empty()) {
    throw SetupError(failure.substr(0, failure.find_last_not_of('\n') + 1));
  }
  if (run.output.rfind("racelab: cannot start the test binary", 0) == 0) {
    throw SetupError(fmt::format(
        "{}{}", run.output.substr(9, run.output.find('\n') - 9),
        user >= 0 ? fmt::format(" (it runs as the test user, id {}: every folder on the way to "
                                "{} must be open to other users)",
                                user, target)
                  : ""));
  }
  if (const auto at = run.output.find("error while loading shared libraries");
      at != std::string::npos) {
    throw SetupError(fmt::format(
        "the test binary {} cannot load its libraries{}:\n{}", target,
        user >= 0 ? fmt::format(" as the test user (id {}): every folder on the way to the lab "
                                "and to RACELAB_CACHE_DIR must be readable by other users",
                                user)
                  : "",
        run.output.substr(at, run.output.find('\n', at) - at)));
  }
  if (fs::exists(json)) {
    try {
      run.results = nlohmann::json::parse(ReadFile(json));
    } catch (const nlohmann::json::exception&) {
      // A half-written file: the binary ended while writing it. Treated as no results.
    }
  }
  std::error_code ignored;
  fs::remove_all(scratch, ignored);
  // The last run's output stays, under the target's name, for people.
  fs::rename(log, runs / (target + ".log"), ignored);
  Verdict verdict = Classify(run, expected_tests);
  if (verdict.passed && exercise != nullptr && HasScenario(lab_.root, *exercise) &&
      gtest_filter.empty()) {
    fs::create_directories(scratch);  // the same folder, emptied, for the explorer
    if (user >= 0 &&
        chown(scratch.c_str(), static_cast<uid_t>(user), static_cast<gid_t>(user)) != 0) {
      throw SetupError("cannot hand " + scratch.string() + " to the test user");
    }
    if (user >= 0) fs::permissions(scratch, fs::perms::owner_all);
    verdict = Explore(*exercise, target, command, verdict);
    fs::remove_all(scratch, ignored);
  }
  if (run_out != nullptr) *run_out = std::move(run);
  return verdict;
}

Verdict Grader::Explore(const Exercise& exercise, const std::string& target,
                        const Command& protected_command, const Verdict& passed) {
  const std::string scenario = ExploreTargetOf(exercise, target);
  const fs::path binary = lab_.build_dir / "bin" / scenario;
  // Not built: it does not compile or link against this version (Abseil's or oneTBB's locks,
  // which the explorer cannot follow, are not linked into scenarios).
  if (!fs::exists(binary)) return passed;
  // Files that wait in Abseil's or oneTBB's own futex calls: not followed, as `./lab explain`
  // lists them.
  const std::string kind = target.substr(exercise.id.size() + 1);
  fs::path dir = lab_.root / "exercises" / exercise.id;
  if (kind.rfind("solution.", 0) == 0) dir = lab_.root / "solutions" / exercise.id / kind.substr(9);
  if (kind.rfind("wrong.", 0) == 0)
    dir = lab_.root / "tests" / exercise.id / "wrong" / kind.substr(6);
  if (kind.rfind("submission", 0) == 0) dir = lab_.build_dir / kind / "exercises" / exercise.id;
  if (!NotExplorable(exercise, dir).empty()) return passed;
  const fs::path explored_file = protected_command.working_dir / "explored.json";
  Command command = protected_command;  // the test user, no network, the hidden folders
  command.argv = {binary.string(),
                  "--bound",
                  std::to_string(kExploreBound),
                  "--max-schedules",
                  std::to_string(kExploreSchedules),
                  "--time-limit",
                  fmt::format("{}", kExploreSeconds),
                  "--output",
                  explored_file.string()};
  command.output = lab_.build_dir / "runs" / fmt::format("{}.{}.log", scenario, getpid());
  command.cpu_limit_seconds = 0;  // its runs are child processes: the clock limits it
  command.stall_seconds = 0;
  command.timeout_seconds = kExploreSeconds + 7;
  if (!RunCommand(command).exited_ok()) return passed;
  nlohmann::json explored;
  try {
    explored = nlohmann::json::parse(ReadFile(explored_file));
  } catch (const nlohmann::json::exception&) {
    return passed;
  }
  if (!explored.value("found", false) || !explored.contains("run")) return passed;
  const std::string outcome = explored.at("run").value("outcome", "");
  if (!IsEvidence(outcome)) return passed;
  std::string replay = "./lab explain " + exercise.number();
  if (kind.rfind("solution.", 0) == 0) replay += " --solution " + kind.substr(9);
  if (kind.rfind("wrong.", 0) == 0) replay += " --wrong-fix " + kind.substr(6);
  const StoryInput input = StoryInputFor(
      exercise, explored, binary,
      lab_.build_dir / "runs" / fmt::format("{}.{}.addr2line", scenario, getpid()), replay);
  Verdict failed;
  failed.category = outcome;
  failed.message = fmt::format(
      "The tests passed and ThreadSanitizer reported nothing, but the schedule explorer found an "
      "order of the threads in which this code fails. It runs a small scenario "
      "(tests/{}/scenario.cpp) one thread at a time and tries the orders with the fewest thread "
      "switches first; this one fails every time it runs:\n\n{}",
      exercise.id, StoryText(TellStory(input), input));
  return failed;
}

std::string Grader::Warnings(const std::string& target) const {
  return ReadFile(lab_.build_dir / "logs" / (target + ".warnings"));
}

namespace {

// The build goes by modification times, so a student's file put back with an old time (`cp -p`,
// `rsync -a`, an unpacked archive) would look unchanged and the old binary would be graded.
// Each file whose content differs from the one last seen here gets a fresh time first.
void RefreshChangedFiles(const fs::path& dir, const std::vector<std::string>& files,
                         const fs::path& seen_dir) {
  for (const std::string& file : files) {
    const fs::path path = dir / file;
    const fs::path seen = seen_dir / file;
    const std::string content = ReadFile(path);
    if (fs::exists(seen) && ReadFile(seen) == content) continue;
    std::error_code ignored;
    fs::last_write_time(path, fs::file_time_type::clock::now(), ignored);
    fs::create_directories(seen.parent_path(), ignored);
    std::ofstream(seen, std::ios::binary) << content;
  }
}

// The seed the harness printed ("racelab: chaos seed N ..."), or "".
std::string ChaosSeed(const std::string& output) {
  static const std::regex seed(R"(racelab: chaos seed (\d+))");
  std::smatch match;
  return std::regex_search(output, match, seed) ? match[1].str() : "";
}

// Which of `tests` ("Suite.Name") did not pass in `run`: failed, or gave no result.
std::vector<std::string> NotPassed(const TestRun& run, const std::vector<std::string>& tests) {
  std::set<std::string> passed;
  if (run.results && run.results->contains("testsuites")) {
    for (const auto& suite : run.results->at("testsuites")) {
      for (const auto& test : suite.value("testsuite", nlohmann::json::array())) {
        if (test.value("result", "") == "COMPLETED" && !test.contains("failures")) {
          passed.insert(suite.value("name", "") + "." + test.value("name", ""));
        }
      }
    }
  }
  std::vector<std::string> not_passed;
  for (const std::string& test : tests) {
    if (!passed.count(test)) not_passed.push_back(test);
  }
  return not_passed;
}

}  // namespace

std::string Grader::MissingFile(const Exercise& exercise, const Source& source) const {
  if (source.kind != Source::kSubmission) return "";
  for (const std::string& file : exercise.files) {
    if (!fs::is_regular_file(lab_.build_dir / ("submission" + source.variant) / "exercises" /
                             exercise.id / file)) {
      return "exercises/" + exercise.id + "/" + file;
    }
  }
  return "";
}

std::vector<Result> Grader::Grade(const std::vector<Job>& jobs) {
  std::vector<std::string> targets;
  for (const auto& [exercise, source] : jobs) {
    if (!MissingFile(*exercise, source).empty()) continue;
    targets.push_back(source.TargetOf(*exercise));
    if (source.kind == Source::kExercise) {
      RefreshChangedFiles(lab_.root / "exercises" / exercise->id, exercise->files,
                          lab_.build_dir / "seen" / exercise->id);
    }
  }
  const auto build_failures = Build(targets);

  std::vector<Result> results;
  for (const auto& [exercise, source] : jobs) {
    Result result;
    result.exercise = exercise;
    result.source = source;
    const std::string target = source.TargetOf(*exercise);
    if (const std::string missing = MissingFile(*exercise, source); !missing.empty()) {
      result.verdict = {false, "missing",
                        fmt::format("{} is not in the submission: there is nothing to grade. "
                                    "Hand it in at exercises/{}/ in your submission.",
                                    missing, exercise->id)};
    } else if (const auto failed = build_failures.find(target); failed != build_failures.end()) {
      // The instructor's own tests that do not compile with the student's code: the verdict is
      // theirs, its details kept back as their other failures are (Result::extra_failed).
      std::string extra_output;
      const std::string lab_output =
          lab_.extra_tests.empty()
              ? failed->second
              : WithoutStepsCompiling(failed->second, lab_.extra_tests, &extra_output);
      if (!extra_output.empty() && lab_output.find("FAILED: ") == std::string::npos) {
        result.verdict = CompileError(extra_output, lab_.root);
        result.extra_failed = ExtraTests(*exercise);
      } else {
        result.verdict = CompileError(lab_output, lab_.root);
      }
    } else {
      TestRun run;
      const auto start = std::chrono::steady_clock::now();
      std::vector<std::string> expected = exercise->tests;
      const std::vector<std::string> extra = ExtraTests(*exercise);
      expected.insert(expected.end(), extra.begin(), extra.end());
      result.verdict = Run(target, expected, &run, exercise->cpu_time_limit_seconds,
                           /*lab_code=*/false, /*gtest_filter=*/"", exercise);
      if (!result.verdict.passed) result.extra_failed = NotPassed(run, extra);
      result.seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      result.seed = ChaosSeed(run.output);
      result.warnings = Warnings(target);
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
