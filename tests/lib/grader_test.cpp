// Unit tests of the grader's pure parts: reading the lab's files, reading sanitizer reports,
// and turning a run into a verdict.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <fstream>
#include <regex>
#include <thread>

#include "catalog.hpp"
#include "classify.hpp"
#include "compiler_launcher.hpp"
#include "compiler_output.hpp"
#include "formats/format.hpp"
#include "grade.hpp"
#include "lock_names.hpp"
#include "machine.hpp"
#include "process.hpp"
#include "racelab/category.hpp"
#include "sanitizer_report.hpp"

namespace racelab {
namespace {

// A real ThreadSanitizer report (from 01's starter), shortened.
constexpr const char* kDataRace = R"(==================
WARNING: ThreadSanitizer: data race (pid=4910)
  Read of size 8 at 0x7ffeedadfbd8 by thread T3:
    #0 Counter::increment() /lab/exercises/01-counter-mutex/counter.hpp:14 (x+0x9f19)
    #1 operator() /lab/tests/01-counter-mutex/counter_test.cpp:30 (x+0x9f19)

  Previous write of size 8 at 0x7ffeedadfbd8 by thread T4:
    #0 Counter::increment() /lab/exercises/01-counter-mutex/counter.hpp:14 (x+0x9f28)

  Location is stack of main thread.

  Thread T3 (tid=4914, running) created by main thread at:
    #0 pthread_create ../../../../src/libsanitizer/tsan/tsan_interceptors_posix.cpp:1001 (libtsan.so.2+0x5e686)

SUMMARY: ThreadSanitizer: data race /lab/exercises/01-counter-mutex/counter.hpp:14 in Counter::increment()
==================
)";

// `text` without its trailing newline.
std::string Trimmed(std::string text) {
  while (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

TestRun PassingRun(const std::vector<std::string>& tests) {
  TestRun run;
  run.outcome.exit_status = 0;
  nlohmann::json cases = nlohmann::json::array();
  for (const std::string& name : tests) {
    cases.push_back(
        {{"name", name.substr(name.find('.') + 1)}, {"status", "RUN"}, {"result", "COMPLETED"}});
  }
  run.results = nlohmann::json{{"tests", tests.size()},
                               {"testsuites", {{{"name", "Suite"}, {"testsuite", cases}}}}};
  return run;
}

TEST(Catalog, ParsesTestNames) {
  EXPECT_EQ(ParseTestNames("TEST(A, B) {}\n  TEST_F(C, D) {\n// TEST(E, F)\nTESTING(G, H)"),
            (std::vector<std::string>{"A.B", "C.D"}));
}

// points.json beside the course overrides an exercise's points; a wrong one is named.
TEST(Catalog, AnInstructorsPointsFileOverridesTheMetadata) {
  const auto root = std::filesystem::temp_directory_path() / "racelab-points-test";
  std::filesystem::remove_all(root);
  for (const char* id : {"01-one", "02-two"}) {
    std::filesystem::create_directories(root / "exercises" / id);
    std::ofstream(root / "exercises" / id / "exercise.json")
        << R"({"title": "t", "level": 1, "points": 10, "files": ["f.hpp"], "expected": []})";
    std::filesystem::create_directories(root / "tests" / id);
    std::ofstream(root / "tests" / id / "t_test.cpp") << "TEST(A, B) {}\n";
  }
  EXPECT_EQ(Catalog::Load(root).exercises()[0].points, 10);
  std::ofstream(root / "points.json") << R"({"01-one": 25, "2": 0})";
  const Catalog weighted = Catalog::Load(root);
  EXPECT_EQ(weighted.exercises()[0].points, 25);
  EXPECT_EQ(weighted.exercises()[1].points, 0);
  std::ofstream(root / "points.json") << R"({"03-three": 5})";
  try {
    Catalog::Load(root);
    ADD_FAILURE() << "an unknown exercise in points.json is an error";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("points.json: no exercise '03-three'"),
              std::string::npos)
        << error.what();
  }
  std::filesystem::remove_all(root);
}

TEST(Catalog, ParsesHintsInOrder) {
  const auto hints = ParseHints(
      "# x\n<details><summary>Hint 1</summary>\n\nFirst.\n</details>\n"
      "<details><summary>Hint 2</summary>\nSecond\n\nline.\n</details>");
  EXPECT_EQ(hints, (std::vector<std::string>{"First.", "Second\n\nline."}));
}

TEST(Catalog, ParsesExpectedCategoriesOfAWrongFix) {
  EXPECT_EQ(ParseExpects("// racelab-expects: wrong-result\n"),
            (std::vector<std::string>{"wrong-result"}));
  EXPECT_EQ(ParseExpects("// x\n// racelab-expects: data-race or use-after-free\n"),
            (std::vector<std::string>{"data-race", "use-after-free"}));
  EXPECT_TRUE(ParseExpects("// nothing expected here").empty());
}

// The README's table and the course page list every exercise, and their links lead somewhere.
TEST(Catalog, EveryExerciseIsInTheReadmeAndOnTheCoursePage) {
  const std::filesystem::path root = RACELAB_SOURCE_DIR;
  const Catalog catalog = Catalog::Load(root);
  ASSERT_FALSE(catalog.exercises().empty());
  const std::string readme = ReadFile(root / "README.md");
  const std::string course = ReadFile(root / "docs/course.md");
  for (const Exercise& exercise : catalog.exercises()) {
    const std::string link = "exercises/" + exercise.id + "/README.md";
    EXPECT_NE(readme.find("(" + link + ")"), std::string::npos)
        << exercise.id << " is missing from the README's table";
    EXPECT_NE(course.find("(../" + link + ")"), std::string::npos)
        << exercise.id << " is missing from docs/course.md";
  }
  static const std::regex link(R"(\]\(\.\./(exercises/[^)]+)\))");
  for (auto it = std::sregex_iterator(course.begin(), course.end(), link);
       it != std::sregex_iterator(); ++it) {
    EXPECT_TRUE(std::filesystem::exists(root / (*it)[1].str()))
        << "docs/course.md links to " << (*it)[1].str() << ", which does not exist";
  }
}

// Every exercise states its own time limit (a students' copy has no solutions to size it from),
// and a limit that is absent from the file falls back to the default.
TEST(Catalog, EveryExerciseStatesItsTimeLimit) {
  const std::filesystem::path root = RACELAB_SOURCE_DIR;
  const Catalog catalog = Catalog::Load(root);
  for (const Exercise& exercise : catalog.exercises()) {
    const std::string metadata = ReadFile(root / "exercises" / exercise.id / "exercise.json");
    EXPECT_NE(metadata.find("\"cpu_time_limit_seconds\""), std::string::npos)
        << exercise.id << "/exercise.json has no cpu_time_limit_seconds";
    EXPECT_GE(exercise.cpu_time_limit_seconds, 10) << exercise.id;
    EXPECT_LE(exercise.cpu_time_limit_seconds, 120) << exercise.id;
  }
}

TEST(SanitizerReport, ReadsAccessesThreadsAndFrames) {
  const auto reports = ParseSanitizerReports(kDataRace);
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(reports[0].kind, "data race");
  EXPECT_EQ(CategoryOf(reports[0]), "data-race");
  ASSERT_EQ(reports[0].sections.size(), 3u);
  EXPECT_EQ(reports[0].sections[0].thread, "T3");
  EXPECT_EQ(reports[0].sections[1].thread, "T4");
  EXPECT_TRUE(reports[0].sections[2].thread_creation());
  const Frame* frame = InterestingFrame(reports[0].sections[0]);
  ASSERT_NE(frame, nullptr);
  EXPECT_EQ(frame->function, "Counter::increment()");
  EXPECT_EQ(frame->line, 14);
}

// A race inside the mini interpreter (11, 12) is shown at the interpreter's line, which names the
// object, rather than at the test's line that ran the program.
TEST(SanitizerReport, PrefersTheInterpretersLineToTheTests) {
  ReportSection section;
  section.frames = {
      {"std::vector<int>::push_back(int)", "/usr/include/c++/12/bits/stl_vector.h", 1287},
      {"mini::List<FreeThreading>::append(mini::Object<FreeThreading>*)",
       "/lab/lib/interpreter/include/mini/objects.hpp", 74},
      {"operator()", "/lab/tests/12-free-threading/free_threading_test.cpp", 121}};
  const Frame* frame = InterestingFrame(section);
  ASSERT_NE(frame, nullptr);
  EXPECT_EQ(frame->line, 74);
}

TEST(SanitizerReport, NamesEveryKind) {
  EXPECT_EQ(CategoryOf({"ThreadSanitizer", "lock-order-inversion (potential deadlock)", "", {}}),
            "lock-order-inversion");
  EXPECT_EQ(CategoryOf({"ThreadSanitizer", "heap-use-after-free", "", {}}), "use-after-free");
  EXPECT_EQ(CategoryOf({"AddressSanitizer", "attempting double-free", "", {}}), "double-free");
  EXPECT_EQ(CategoryOf({"ThreadSanitizer", "SEGV on unknown address", "", {}}), "crash");
}

TEST(Classify, PassesOnlyWithEveryTestRunAndNothingReported) {
  EXPECT_TRUE(Classify(PassingRun({"Suite.A", "Suite.B"}), {"Suite.A", "Suite.B"}).passed);
}

TEST(Classify, ATestThatNeverRanIsIncomplete) {
  const Verdict verdict = Classify(PassingRun({"Suite.A"}), {"Suite.A", "Suite.B"});
  EXPECT_FALSE(verdict.passed);
  EXPECT_EQ(verdict.category, "incomplete");
  EXPECT_NE(verdict.message.find("Suite.B"), std::string::npos);
}

TEST(Classify, NoResultsAtAllIsIncomplete) {
  TestRun run;
  run.outcome.exit_status = 0;  // exit(0) before GoogleTest wrote anything
  EXPECT_EQ(Classify(run, {"Suite.A"}).category, "incomplete");
}

TEST(Classify, ASanitizerReportFailsEvenIfEveryTestPassed) {
  TestRun run = PassingRun({"Suite.A"});
  run.output = kDataRace;
  run.outcome.exit_status = 66;
  const Verdict verdict = Classify(run, {"Suite.A"});
  EXPECT_EQ(verdict.category, "data-race");
  EXPECT_NE(verdict.message.find("counter.hpp:14"), std::string::npos);
}

TEST(Classify, AnUntaggedFailureIsAWrongResult) {
  TestRun run = PassingRun({"Suite.A"});
  run.results->at("testsuites")[0]["testsuite"][0]["failures"] =
      nlohmann::json::array({{{"failure", "t.cpp:3\nExpected equality\nincrements were lost"}}});
  const Verdict verdict = Classify(run, {"Suite.A"});
  EXPECT_EQ(verdict.category, "wrong-result");
  EXPECT_NE(verdict.message.find("increments were lost"), std::string::npos);
}

TEST(Classify, TaggedLinesGiveTheirCategoryAndTheCauseComesFirst) {
  TestRun run = PassingRun({"Suite.A"});
  run.output = std::string("[racelab:deadlock] the threads stopped\n  thread 0: blocked\n") +
               "WARNING: ThreadSanitizer: lock-order-inversion (potential deadlock) (pid=1)\n";
  run.outcome.exit_status = 86;
  const Verdict verdict = Classify(run, {"Suite.A"});
  EXPECT_EQ(verdict.category, "lock-order-inversion");
  ASSERT_EQ(verdict.also.size(), 1u);
  EXPECT_EQ(verdict.also[0].category, "deadlock");
}

TEST(Classify, AThreadStartedInAForkedChildIsACrashThatSaysWhy) {
  TestRun run = PassingRun({"Suite.A"});
  run.output =
      "==12==ThreadSanitizer: starting new threads after multi-threaded fork is not "
      "supported. Dying (set die_after_fork=0 to override)\n";
  const Verdict verdict = Classify(run, {"Suite.A"});
  EXPECT_EQ(verdict.category, "crash");
  EXPECT_NE(verdict.message.find("die_after_fork"), std::string::npos);
}

TEST(Classify, AHangWithEveryThreadBlockedIsADeadlock) {
  TestRun run;
  run.outcome.timed_out = true;
  run.outcome.all_threads_blocked = true;
  EXPECT_EQ(Classify(run, {"Suite.A"}).category, "deadlock");
  run.outcome.all_threads_blocked = false;
  EXPECT_EQ(Classify(run, {"Suite.A"}).category, "timeout");
}

TEST(Classify, ASignalIsACrash) {
  TestRun run;
  run.outcome.signal = SIGSEGV;
  const Verdict verdict = Classify(run, {"Suite.A"});
  EXPECT_EQ(verdict.category, "crash");
  EXPECT_NE(verdict.message.find("SIGSEGV"), std::string::npos);
}

TEST(Classify, ANonZeroExitAfterAllPassedIsACrash) {
  TestRun run = PassingRun({"Suite.A"});
  run.outcome.exit_status = 3;
  EXPECT_EQ(Classify(run, {"Suite.A"}).category, "crash");
}

TEST(Classify, CompileErrorsShowTheCompilersWords) {
  const Verdict verdict = CompileError(
      "[1/2] Building CXX object\nFAILED: x.o\n/lab/exercises/01-counter-mutex/counter.hpp:14:5: "
      "error: 'mutx' was not declared\n   14 |   mutx.lock();\n",
      "/lab");
  EXPECT_EQ(verdict.category, "compile-error");
  EXPECT_NE(verdict.message.find("exercises/01-counter-mutex/counter.hpp:14:5: error"),
            std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// Every finding of a run, briefly.

TestRun FailingRun(const std::string& failure) {
  TestRun run = PassingRun({"Suite.A"});
  run.results->at("testsuites")[0]["testsuite"][0]["failures"] =
      nlohmann::json::array({{{"failure", failure}}});
  run.outcome.exit_status = 1;
  return run;
}

TEST(Classify, EveryOtherFindingIsShownInALineOrTwo) {
  // 01's starter: a race, a lost count, and no lock at all.
  TestRun run = FailingRun(
      "/lab/tests/01-counter-mutex/counter_test.cpp:55\nExpected equality of these values:\n"
      "  counter.value()\n    Which is: 29600\n  long{kThreads - 1} * kCalls\n"
      "    Which is: 60000\nincrements were lost.");
  run.output = std::string(kDataRace) + kDataRace +  // the same race, reported twice
               "[racelab:constraint] counter.hpp uses none of `mutex`, `Mutex`. This exercise is "
               "about locks.\n";
  run.outcome.exit_status = 66;
  const Verdict verdict = Classify(run, {"Suite.A"});
  EXPECT_EQ(verdict.category, "data-race");
  ASSERT_EQ(verdict.also.size(), 2u) << "the second report of the same race says nothing new";
  EXPECT_EQ(verdict.also[0].category, "wrong-result");
  EXPECT_EQ(verdict.also[0].brief, "Suite.A: increments were lost.");
  EXPECT_EQ(verdict.also[1].category, "constraint");
  EXPECT_NE(verdict.also[1].brief.find("counter.hpp uses none of `mutex`"), std::string::npos);

  Exercise exercise;
  exercise.id = "01-counter-mutex";
  Result result;
  result.exercise = &exercise;
  result.verdict = verdict;
  const std::string message = FullMessage(result);
  EXPECT_NE(
      message.find("Also seen in this run:\n  - wrong-result: Suite.A: increments were lost."),
      std::string::npos)
      << message;
  EXPECT_NE(message.find("  - constraint: counter.hpp uses none of `mutex`"), std::string::npos)
      << message;
}

TEST(Report, ShowsAFewFindingsOfEachCategoryThenCountsTheRest) {
  Exercise exercise;
  exercise.id = "20-parallel-sum";
  Result result;
  result.exercise = &exercise;
  result.verdict.category = "data-race";
  for (int run = 1; run <= 4; ++run) {
    result.verdict.also.push_back({"wrong-result", "", "run " + std::to_string(run) + ": off"});
  }
  result.verdict.also.push_back({"constraint", "", "uses none of `parallel_reduce`"});
  const std::string message = FullMessage(result);
  EXPECT_NE(message.find("  - wrong-result: run 1: off\n  - wrong-result: run 2: off\n"
                         "  - 2 more wrong-result findings\n"
                         "  - constraint: uses none of `parallel_reduce`\n"),
            std::string::npos)
      << message;
}

TEST(Classify, AWrongResultLeadsWithTheTestsOwnWords) {
  const Verdict verdict = Classify(
      FailingRun("/lab/tests/20-parallel-sum/parallel_sum_test.cpp:61\n"
                 "Expected equality of these values:\n  sum\n    Which is: 4\n  expected\n"
                 "    Which is: 6\nthe sum is too small by 2: the additions of some chunks were "
                 "lost."),
      {"Suite.A"});
  EXPECT_EQ(verdict.category, "wrong-result");
  EXPECT_EQ(verdict.message.rfind("Suite.A failed: the sum is too small by 2", 0), 0u)
      << verdict.message;
  EXPECT_NE(verdict.message.find("`sum` is 4, `expected` is 6: they should be equal"),
            std::string::npos)
      << verdict.message;
}

TEST(Classify, ACheckAgainstALiteralSaysWhatWasExpected) {
  const Verdict verdict = Classify(
      FailingRun("/lab/t.cpp:9\nExpected equality of these values:\n  wrong_totals.load()\n"
                 "    Which is: 498\n  0\n498 times total() was not 40."),
      {"Suite.A"});
  EXPECT_NE(verdict.message.find("(the check: `wrong_totals.load()` is 498, expected 0)"),
            std::string::npos)
      << verdict.message;
}

TEST(Classify, TestsCutShortByTheWatchdogAreNotAlsoIncomplete) {
  TestRun run;
  run.output =
      "[racelab:deadlock] the threads stopped: every unfinished thread is blocked.\n"
      "  thread 0: blocked (asleep, waiting) in call 316 of 2000\n";
  run.outcome.exit_status = kEndNowExitStatus;
  const Verdict verdict = Classify(run, {"Suite.A", "Suite.B"});
  EXPECT_EQ(verdict.category, "deadlock");
  EXPECT_TRUE(verdict.also.empty()) << verdict.also.front().brief;
  run.output.clear();  // exit status 86 without the watchdog's word: the code ended itself
  EXPECT_EQ(Classify(run, {"Suite.A"}).category, "incomplete");
}

// The CPU limit stops a busy process, and a process that sleeps is not charged for the clock.
TEST(RunCommand, StopsABusyProcessByItsCpuTime) {
  const std::filesystem::path log = std::filesystem::temp_directory_path() / "racelab-cpu.log";
  Command busy{{"sh", "-c", "while :; do :; done"}, log, 30};
  busy.cpu_limit_seconds = 0.5;
  const Outcome spun = RunCommand(busy);
  EXPECT_TRUE(spun.timed_out);
  EXPECT_GE(spun.cpu_seconds, 0.5);
  EXPECT_LT(spun.seconds, 25);

  Command sleeper{{"sleep", "1.5"}, log, 30};
  sleeper.cpu_limit_seconds = 0.5;
  const Outcome slept = RunCommand(sleeper);
  EXPECT_FALSE(slept.timed_out);
  EXPECT_TRUE(slept.exited_ok());
  EXPECT_LT(slept.cpu_seconds, 0.5);
  std::filesystem::remove(log);
}

// A process that sits asleep using no CPU is ended once the stall time passes, as a hang with
// every thread blocked; one that sleeps less than that finishes.
// A process that left the command's process group is counted whether it still runs when the
// command ends or has ended already: the verdict must not depend on which came first.
TEST(RunCommand, CountsEveryProcessThatLeftTheGroup) {
  const std::filesystem::path log = std::filesystem::temp_directory_path() / "racelab-escape.log";
  const Outcome ended = RunCommand({{"sh", "-c", "(setsid sleep 0.1 &); sleep 0.6"}, log, 60});
  EXPECT_EQ(ended.leftovers, 1) << "ended before the command did";
  const Outcome running = RunCommand({{"sh", "-c", "(setsid sleep 30 &); sleep 0.1"}, log, 60});
  EXPECT_EQ(running.leftovers, 1) << "still running when the command ended";
  EXPECT_LT(running.seconds, 10);
  const Outcome stayed = RunCommand({{"sh", "-c", "(sleep 0.1 &); sleep 0.3"}, log, 60});
  EXPECT_EQ(stayed.leftovers, 0) << "a process that stayed in the group did not escape";
}

TEST(RunCommand, EndsAProcessThatStallsWithNoThreadRunning) {
  const std::filesystem::path log = std::filesystem::temp_directory_path() / "racelab-stall.log";
  Command stuck{{"sleep", "30"}, log, 60};
  stuck.stall_seconds = 1;
  const Outcome hung = RunCommand(stuck);
  EXPECT_TRUE(hung.timed_out);
  EXPECT_TRUE(hung.all_threads_blocked);
  EXPECT_LT(hung.seconds, 10);

  Command nap{{"sleep", "0.5"}, log, 60};
  nap.stall_seconds = 1;
  const Outcome napped = RunCommand(nap);
  EXPECT_FALSE(napped.timed_out);
  EXPECT_TRUE(napped.exited_ok());

  Command busy{{"sh", "-c", "i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done"}, log, 60};
  busy.stall_seconds = 0.3;
  const Outcome worked = RunCommand(busy);
  EXPECT_FALSE(worked.timed_out) << "a busy process is never stalled";
  std::filesystem::remove(log);
}

// A thread the watchdog found waiting is shown at the student's line, and the lock it waits for
// is named as that line names it, not by its address.
TEST(CondenseStacks, NamesTheLockAThreadWaitsFor) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "racelab-wait-test";
  std::filesystem::create_directories(dir / "exercises/01-counter-mutex");
  const std::filesystem::path file = dir / "exercises/01-counter-mutex/counter.hpp";
  std::ofstream(file) << "class Counter {\n  long value() const {\n"
                         "    std::lock_guard<std::mutex> lock(mutex_);\n";
  const std::string text =
      "  thread 0: blocked (asleep, waiting)\n"
      "    waits for the lock at 0x7fffefeb3a60, called from:\n"
      "      #0 Counter::value() const " +
      file.string() + ":3 (x+0x9f19)\n";
  const std::string condensed = CondenseStacks(text);
  EXPECT_NE(condensed.find("waits for `mutex_`, taken at:\n"), std::string::npos) << condensed;
  EXPECT_NE(condensed.find("in Counter::value() const at counter.hpp:3"), std::string::npos)
      << condensed;
  EXPECT_EQ(condensed.find("0x7fffefeb3a60"), std::string::npos) << condensed;
  std::filesystem::remove_all(dir);
}

TEST(Classify, AWrongResultWithoutAMessageStillSaysWhatWasChecked) {
  const Verdict verdict =
      Classify(FailingRun("/lab/t.cpp:9\nValue of: went_down\n  Actual: true\nExpected: false"),
               {"Suite.A"});
  EXPECT_EQ(verdict.message, "Suite.A failed: Value of: went_down Actual: true Expected: false\n");
}

// ---------------------------------------------------------------------------------------------
// Compile errors: the first one, with its notes, pointing at the student's file.

// GCC 12 on `std::lock_guard lock(count_);` (a lock_guard of a long), shortened.
constexpr const char* kTemplateError =
    R"([1/2] Building CXX object tests/01-counter-mutex/CMakeFiles/01-counter-mutex.exercise.dir/counter_test.cpp.o
FAILED: tests/01-counter-mutex/CMakeFiles/01-counter-mutex.exercise.dir/counter_test.cpp.o
/usr/bin/g++-12 -I/lab/exercises/01-counter-mutex -c /lab/tests/01-counter-mutex/counter_test.cpp
In file included from /usr/include/c++/12/mutex:43,
                 from /lab/exercises/01-counter-mutex/counter.hpp:11,
                 from /lab/tests/01-counter-mutex/counter_test.cpp:5:
/usr/include/c++/12/bits/std_mutex.h: In instantiation of ‘std::lock_guard<_Mutex>::lock_guard(mutex_type&) [with _Mutex = long int; mutex_type = long int]’:
/lab/exercises/01-counter-mutex/counter.hpp:17:32:   required from here
/usr/include/c++/12/bits/std_mutex.h:229:19: error: request for member ‘lock’ in ‘((std::lock_guard<long int>*)this)->std::lock_guard<long int>::_M_device’, which is of non-class type ‘std::lock_guard<long int>::mutex_type’ {aka ‘long int’}
  229 |       { _M_device.lock(); }
      |         ~~~~~~~~~~^~~~
/usr/include/c++/12/bits/std_mutex.h: In instantiation of ‘std::lock_guard<_Mutex>::~lock_guard() [with _Mutex = long int]’:
/lab/exercises/01-counter-mutex/counter.hpp:17:32:   required from here
/usr/include/c++/12/bits/std_mutex.h:235:19: error: request for member ‘unlock’ in ‘((std::lock_guard<long int>*)this)->std::lock_guard<long int>::_M_device’, which is of non-class type ‘std::lock_guard<long int>::mutex_type’ {aka ‘long int’}
  235 |       { _M_device.unlock(); }
      |         ~~~~~~~~~~^~~~~~
ninja: build stopped: subcommand failed.
)";

// GCC 12 on a const member function that locks a mutex that is not `mutable`.
constexpr const char* kErrorWithNote =
    R"(In file included from /lab/tests/01-counter-mutex/counter_test.cpp:5:
/lab/exercises/01-counter-mutex/counter.hpp: In member function ‘long int Counter::value() const’:
/lab/exercises/01-counter-mutex/counter.hpp:20:38: error: binding reference of type ‘std::lock_guard<std::mutex>::mutex_type&’ {aka ‘std::mutex&’} to ‘const std::mutex’ discards qualifiers
   20 |     std::lock_guard<std::mutex> lock(mutex_);
      |                                      ^~~~~~
In file included from /usr/include/c++/12/mutex:43,
                 from /lab/exercises/01-counter-mutex/counter.hpp:11:
/usr/include/c++/12/bits/std_mutex.h:228:39: note:   initializing argument 1 of ‘std::lock_guard<_Mutex>::lock_guard(mutex_type&) [with _Mutex = std::mutex; mutex_type = std::mutex]’
  228 |       explicit lock_guard(mutex_type& __m) : _M_device(__m)
      |                           ~~~~~~~~~~~~^~~
/lab/exercises/01-counter-mutex/counter.hpp:25:3: error: ‘x’ was not declared in this scope
ninja: build stopped: subcommand failed.
)";

// Clang 14 on the same line, in a submission staged under build/: its notes come after the error.
constexpr const char* kClangTemplateError =
    R"([1/2] Building CXX object tests/01-counter-mutex/CMakeFiles/01-counter-mutex.submission.dir/counter_test.cpp.o
FAILED: tests/01-counter-mutex/CMakeFiles/01-counter-mutex.submission.dir/counter_test.cpp.o
In file included from /lab/tests/01-counter-mutex/counter_test.cpp:5:
In file included from /lab/build/tsan-clang/submission/exercises/01-counter-mutex/counter.hpp:11:
In file included from /usr/bin/../lib/gcc/x86_64-linux-gnu/12/../../../../include/c++/12/mutex:43:
/usr/bin/../lib/gcc/x86_64-linux-gnu/12/../../../../include/c++/12/bits/std_mutex.h:229:18: error: member reference base type 'std::lock_guard<long>::mutex_type' (aka 'long') is not a structure or union
      { _M_device.lock(); }
        ~~~~~~~~~^~~~~
/lab/build/tsan-clang/submission/exercises/01-counter-mutex/counter.hpp:17:21: note: in instantiation of member function 'std::lock_guard<long>::lock_guard' requested here
    std::lock_guard lock(count_);
                    ^
In file included from /lab/tests/01-counter-mutex/counter_test.cpp:5:
/usr/bin/../lib/gcc/x86_64-linux-gnu/12/../../../../include/c++/12/bits/std_mutex.h:235:18: error: member reference base type 'std::lock_guard<long>::mutex_type' (aka 'long') is not a structure or union
      { _M_device.unlock(); }
        ~~~~~~~~~^~~~~~~
/lab/build/tsan-clang/submission/exercises/01-counter-mutex/counter.hpp:17:21: note: in instantiation of member function 'std::lock_guard<long>::~lock_guard' requested here
    std::lock_guard lock(count_);
                    ^
2 errors generated.
ninja: build stopped: subcommand failed.
)";

TEST(CompileError, ClangsNotesFollowTheirError) {
  const std::string message = CompileError(kClangTemplateError, "/lab").message;
  EXPECT_NE(message.find("  exercises/01-counter-mutex/counter.hpp:17: this line of yours\n"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("  /usr/include/c++/12/bits/std_mutex.h:229:18: error: member reference"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("exercises/01-counter-mutex/counter.hpp:17:21: note: in instantiation of "
                         "member function 'std::lock_guard<long>::lock_guard' requested here"),
            std::string::npos)
      << message;
  EXPECT_EQ(message.find("~lock_guard"), std::string::npos) << message;
  EXPECT_EQ(message.find("build/"), std::string::npos) << message;
}

TEST(CompileError, AnErrorInsideALibraryPointsAtTheStudentsLine) {
  const std::string message = CompileError(kTemplateError, "/lab").message;
  EXPECT_NE(message.find("The first of 2 errors"), std::string::npos) << message;
  EXPECT_NE(message.find("  exercises/01-counter-mutex/counter.hpp:17: this line of yours\n"
                         "  leads to:\n"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("exercises/01-counter-mutex/counter.hpp:17:32:   required from here"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("error: request for member ‘lock’"), std::string::npos) << message;
  EXPECT_EQ(message.find("‘unlock’"), std::string::npos) << "only the first error: " << message;
  EXPECT_EQ(message.find("In file included from"), std::string::npos) << message;
  EXPECT_EQ(message.find("/lab/"), std::string::npos) << "paths relative to the lab: " << message;
}

TEST(CompileError, KeepsTheNotesOfTheFirstError) {
  const std::string message = CompileError(kErrorWithNote, "/lab").message;
  EXPECT_NE(message.find("exercises/01-counter-mutex/counter.hpp:20:38: error: binding reference"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("note:   initializing argument 1 of"), std::string::npos) << message;
  EXPECT_NE(message.find("explicit lock_guard(mutex_type& __m)"), std::string::npos) << message;
  EXPECT_EQ(message.find("this line of yours"), std::string::npos)
      << "the error is in the student's file already: " << message;
  EXPECT_EQ(message.find("‘x’ was not declared"), std::string::npos) << message;
}

TEST(CompileError, ALinkerErrorIsShownToo) {
  const std::string message =
      CompileError(
          "/usr/bin/ld: counter_test.cpp.o: in function `f':\n/lab/x.cpp:3: undefined "
          "reference to `Counter::value() const'\ncollect2: error: ld returned 1 exit "
          "status\n",
          "/lab")
          .message;
  EXPECT_NE(message.find("undefined reference to `Counter::value() const'"), std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// Clang's thread-safety warnings, from the build log of ninja.

// A real build log of the tsan-clang preset, shortened, with one more target's step added.
constexpr const char* kClangBuildLog = R"([0/2] Re-checking globbed directories...
[1/3] Building CXX object tests/01-counter-mutex/CMakeFiles/01-counter-mutex.exercise.dir/counter_test.cpp.o
In file included from /lab/tests/01-counter-mutex/counter_test.cpp:5:
/lab/exercises/01-counter-mutex/counter.hpp:14:31: warning: reading variable 'count_' requires holding mutex 'mutex_' [-Wthread-safety-analysis]
  long value() const { return count_; }
                              ^
/lab/exercises/01-counter-mutex/counter.hpp:16:8: warning: unused variable 'x' [-Wunused-variable]
  long x = 0;
       ^
/lab/tests/01-counter-mutex/counter_test.cpp:30:3: warning: calling function 'f' requires holding mutex 'm' exclusively [-Wthread-safety-analysis]
  f();
  ^
3 warnings generated.
[2/3] Building CXX object tests/05-bank-transfer/CMakeFiles/05-bank-transfer.exercise.dir/bank_test.cpp.o
[3/3] Linking CXX executable bin/01-counter-mutex.exercise
)";

TEST(CompilerOutput, SplitsANinjaLogByTarget) {
  const auto outputs = OutputByTarget(kClangBuildLog);
  ASSERT_EQ(outputs.size(), 2u);
  EXPECT_NE(outputs.at("01-counter-mutex.exercise").find("reading variable 'count_'"),
            std::string::npos);
  EXPECT_EQ(outputs.at("05-bank-transfer.exercise"), "");
}

// The instructor's held-back tests that fail to compile leave the student's compile error; what
// they printed is kept apart.
TEST(CompilerOutput, StepsCompilingTheInstructorsTestsAreKeptApart) {
  const std::string log =
      "[1/3] Building CXX object CMakeFiles/05.submission.dir/tests/05/bank_test.cpp.o\n"
      "FAILED: CMakeFiles/05.submission.dir/extra/05/held_back_test.cpp.o \n"
      "/usr/bin/c++ -Iexercises/05 -o x.o -c /srv/extra/05/held_back_test.cpp\n"
      "/srv/extra/05/held_back_test.cpp:9:3: error: static assertion failed: balance == 70\n"
      "FAILED: CMakeFiles/05.submission.dir/tests/05/other_test.cpp.o \n"
      "/usr/bin/c++ -Iexercises/05 -o y.o -c /lab/tests/05/other_test.cpp\n"
      "/lab/exercises/05/bank.hpp:3:1: error: expected ';'\n"
      "ninja: build stopped: subcommand failed.\n";
  std::string removed;
  const std::string kept = WithoutStepsCompiling(log, "/srv/extra", &removed);
  EXPECT_EQ(kept.find("balance == 70"), std::string::npos) << kept;
  EXPECT_EQ(kept.find("held_back_test"), std::string::npos) << kept;
  EXPECT_NE(kept.find("FAILED: "), std::string::npos) << "the lab's own test failed too";
  EXPECT_NE(kept.find("expected ';'"), std::string::npos) << kept;
  EXPECT_NE(removed.find("balance == 70"), std::string::npos) << removed;
  EXPECT_EQ(removed.find("expected ';'"), std::string::npos) << removed;
  EXPECT_EQ(WithoutStepsCompiling(log, "/elsewhere", &removed), log);
  EXPECT_EQ(removed, "");
}

// As root, a submission's compiler runs as the test user: it reads no file only the grader may
// read, sees no hidden folder (except its own source's), and writes its outputs.
TEST(RunCompiler, RunsAsTheTestUserWithoutTheHiddenFolders) {
  if (TestUserId() < 0) GTEST_SKIP() << "needs root, to change users";
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "racelab-compile-test";
  fs::remove_all(dir);
  fs::create_directories(dir / "hidden");
  fs::create_directories(dir / "objects" / "tests");
  fs::permissions(dir, fs::perms::owner_all | fs::perms::others_read | fs::perms::others_exec);
  std::ofstream(dir / "secret") << "grader-only-text\n";
  fs::permissions(dir / "secret", fs::perms::owner_read | fs::perms::owner_write);
  std::ofstream(dir / "hidden" / "held_back_test.cpp") << "int held_back;\n";
  const fs::path log = dir / "compile.log";
  const std::string script = "id -u; cat " + (dir / "secret").string() + "; ls " +
                             (dir / "hidden").string() + "; echo made > \"$2\"";
  const std::string object = (dir / "objects" / "tests" / "x.o").string();
  setenv(kCompileAsVariable, std::to_string(TestUserId()).c_str(), 1);
  setenv(kCompileHiddenVariable, ((dir / "hidden").string() + "\n").c_str(), 1);

  EXPECT_EQ(RunCompiler({"sh", "-c", script, "sh", "-o", object}, log), 0);
  const std::string said = ReadFile(log);
  EXPECT_NE(said.find(std::to_string(TestUserId())), std::string::npos) << said;
  EXPECT_EQ(said.find("grader-only-text"), std::string::npos) << said;
  EXPECT_NE(said.find("Permission denied"), std::string::npos) << said;
  EXPECT_EQ(said.find("held_back_test.cpp"), std::string::npos) << said;
  EXPECT_EQ(ReadFile(object), "made\n");

  // Compiling a file of the hidden folder: that folder is there for it.
  EXPECT_EQ(RunCompiler({"sh", "-c", script, "sh", "-o", object, "-c",
                         (dir / "hidden" / "held_back_test.cpp").string()},
                        log),
            0);
  EXPECT_NE(ReadFile(log).find("held_back_test.cpp"), std::string::npos) << ReadFile(log);
  unsetenv(kCompileAsVariable);
  unsetenv(kCompileHiddenVariable);
  fs::remove_all(dir);
}

TEST(CompilerOutput, ThreadSafetyWarningsAboutTheStudentsFileOnly) {
  EXPECT_EQ(ThreadSafetyWarnings(kClangBuildLog, "/lab"),
            "  exercises/01-counter-mutex/counter.hpp:14:31: warning: reading variable 'count_' "
            "requires holding mutex 'mutex_' [-Wthread-safety-analysis]\n"
            "    long value() const { return count_; }\n"
            "                                ^\n");
  EXPECT_EQ(ThreadSafetyWarnings("[1/1] Building CXX object x\n", "/lab"), "");
}

// ---------------------------------------------------------------------------------------------
// Data races told by their cause, and locks by the student's names for them. The reports are
// real (from the wrong fixes and probes named), shortened; the student's files they point at are
// written by each test, as the grader reads their lines.

class RaceReport : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::path(testing::TempDir()) /
           ("racelab_grader_test_" + std::to_string(getpid())) / "exercises";
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_.parent_path()); }

  // Writes the student's file `name` and returns `report` with {dir} replaced by its folder.
  std::string WithFile(const std::string& name, const std::string& code, std::string report) {
    std::ofstream(dir_ / name) << code;
    for (auto at = report.find("{dir}"); at != std::string::npos; at = report.find("{dir}")) {
      report.replace(at, 5, dir_.string());
    }
    return report;
  }

  std::filesystem::path dir_;
};

// 09's wrong fix relaxed-decrement: the delete races with another holder's write.
constexpr const char* kRaceWithDelete = R"(WARNING: ThreadSanitizer: data race (pid=27649)
  Write of size 8 at 0x7b0800000120 by thread T3:
    #0 operator delete(void*, unsigned long) ../../../../src/libsanitizer/tsan/tsan_new_delete.cpp:150 (libtsan.so.2+0x86c3d)
    #1 Object::decref() {dir}/object.hpp:3 (x+0x1627a)
    #2 operator() /lab/tests/09-refcount/object_test.cpp:61 (x+0x1627a)

  Previous write of size 4 at 0x7b0800000120 by thread T2:
    #0 operator() /lab/tests/09-refcount/object_test.cpp:56 (x+0x161d4)

  Thread T3 (tid=27758, running) created by main thread at:
    #0 pthread_create ../../../../src/libsanitizer/tsan/tsan_interceptors_posix.cpp:1001 (libtsan.so.2+0x5e686)

SUMMARY: ThreadSanitizer: data race ../../../../src/libsanitizer/tsan/tsan_new_delete.cpp:150 in operator delete(void*, unsigned long)
)";

TEST_F(RaceReport, ADeleteOnOneSideIsNamedAndARelaxedAtomicBlamed) {
  const auto reports = ParseSanitizerReports(
      WithFile("object.hpp",
               "class Object {\n  void decref() {\n"
               "    if (refs_.fetch_sub(1, std::memory_order_relaxed) == 1) delete this;\n",
               kRaceWithDelete));
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_TRUE(reports[0].sections[0].frees());
  EXPECT_FALSE(reports[0].sections[1].frees());
  const std::string text = Explain(reports[0]);
  EXPECT_NE(text.find("One side frees the memory: the object was deleted while another thread "
                      "still used it."),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("The atomic in object.hpp is relaxed, so it orders nothing"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("use release on the store and acquire on the load"), std::string::npos);
  EXPECT_NE(text.find("in Object::decref() at object.hpp:3"), std::string::npos) << text;
  EXPECT_EQ(text.find("no lock or atomic operation ordered"), std::string::npos) << text;
}

// probe.atomic_and_plain_access: an atomic add against a plain write.
constexpr const char* kAtomicAgainstPlain = R"(WARNING: ThreadSanitizer: data race (pid=1)
  Write of size 8 at 0x7ffc by main thread:
    #0 TestBody {dir}/probe.cpp:2 (x+0x1)

  Previous atomic write of size 8 at 0x7ffc by thread T2:
    #0 __tsan_atomic64_fetch_add ../../../../src/libsanitizer/tsan/tsan_interface_atomic.cpp:631 (libtsan.so.2+0x1)
    #1 operator() {dir}/probe.cpp:1 (x+0x2)

SUMMARY: ThreadSanitizer: data race
)";

TEST_F(RaceReport, AnAtomicAgainstAPlainAccessIsNamed) {
  const auto reports = ParseSanitizerReports(
      WithFile("probe.cpp", "std::atomic_ref<long>(count).fetch_add(1);\ncount = 5;\n",
               kAtomicAgainstPlain));
  ASSERT_EQ(reports.size(), 1u);
  const std::string text = Explain(reports[0]);
  EXPECT_NE(text.find("One side is an atomic access and the other a plain one"), std::string::npos)
      << text;
  EXPECT_EQ(text.find("is relaxed"), std::string::npos) << "no relaxed atomic here: " << text;
}

TEST_F(RaceReport, AtomicsThatOrderNothingHereAreSaidToBeSo) {
  const auto reports = ParseSanitizerReports(WithFile(
      "probe.cpp", "ready.store(true);\ndata = 42;\n",
      "WARNING: ThreadSanitizer: data race (pid=1)\n"
      "  Read of size 8 at 0x1 by main thread:\n    #0 TestBody {dir}/probe.cpp:1 (x+0x1)\n"
      "  Previous write of size 8 at 0x1 by thread T2:\n"
      "    #0 operator() {dir}/probe.cpp:2 (x+0x2)\n"));
  ASSERT_EQ(reports.size(), 1u);
  // "ready.store" is no std::atomic in this file's text: no word about atomics.
  EXPECT_NE(Explain(reports[0]).find("no lock or atomic operation ordered"), std::string::npos);
  std::ofstream(dir_ / "probe.cpp") << "std::atomic<bool> ready;\nready.store(true);\ndata = 42;\n";
  EXPECT_NE(Explain(reports[0]).find("Your code uses atomics, but none of them ordered these two"),
            std::string::npos);
}

// 06's wrong fix relaxed-double-checked: the writer holds the lock, the reader does not. TSan
// calls the lock M187; it was created at the student's lock_guard line.
constexpr const char* kOneSideLocked = R"(WARNING: ThreadSanitizer: data race (pid=23219)
  Read of size 8 at 0x7b1c00002b78 by thread T9:
    #0 std::vector<long, std::allocator<long> >::size() const /usr/include/c++/12/bits/stl_vector.h:988 (x+0x147c0)
    #1 IsTableOf /lab/tests/06-lazy-init/lazy_table_test.cpp:46 (x+0x147c0)

  Previous write of size 8 at 0x7b1c00002b78 by thread T6 (mutexes: write M187):
    #4 LazyTable::get() {dir}/lazy_table.hpp:2 (x+0x1543f)

  Location is heap block of size 104 at 0x7b1c00002b50 allocated by main thread:
    #0 operator new(unsigned long) ../../../../src/libsanitizer/tsan/tsan_new_delete.cpp:64 (libtsan.so.2+0x87323)

  Mutex M187 (0x7b1c00002b90) created at:
    #0 pthread_mutex_lock ../../../../src/libsanitizer/sanitizer_common/sanitizer_common_interceptors.inc:4324 (libtsan.so.2+0x558e1)
    #1 __wrap_pthread_mutex_lock /lab/lib/harness/src/wait_sites.cpp:150 (x+0x13681)
    #4 std::lock_guard<std::mutex>::lock_guard(std::mutex&) /usr/include/c++/12/bits/std_mutex.h:229 (x+0x15355)
    #5 LazyTable::get() {dir}/lazy_table.hpp:1 (x+0x15355)

  Thread T9 (tid=23682, running) created by main thread at:
    #0 pthread_create ../../../../src/libsanitizer/tsan/tsan_interceptors_posix.cpp:1001 (libtsan.so.2+0x5e686)

SUMMARY: ThreadSanitizer: data race /usr/include/c++/12/bits/stl_vector.h:988 in std::vector<long, std::allocator<long> >::size() const
)";

TEST_F(RaceReport, ALockIsCalledByTheStudentsNameAndALockOnOneSideOnlyIsNamed) {
  const auto reports = ParseSanitizerReports(WithFile(
      "lazy_table.hpp", "std::lock_guard<std::mutex> lock(mutex_);\ntable_ = compute_();\n",
      kOneSideLocked));
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(HeadingWithLockNames(reports[0], 1),
            "Previous write of size 8 by thread T6, holding `mutex_` (M187)");
  const std::string text = Explain(reports[0]);
  EXPECT_EQ(text.find("Mutex M187"), std::string::npos) << "named, so not shown: " << text;
  EXPECT_NE(text.find("Only one side held a lock (`mutex_`)"), std::string::npos) << text;
}

// 01's wrong fix one-mutex-per-function: each function has its own mutex.
constexpr const char* kDifferentLocks = R"(WARNING: ThreadSanitizer: data race (pid=17772)
  Read of size 8 at 0x7ffe40cbb450 by thread T6 (mutexes: write M50):
    #0 Counter::value() const {dir}/counter.hpp:4 (x+0x14eb1)

  Previous write of size 8 at 0x7ffe40cbb450 by thread T9 (mutexes: write M49):
    #0 Counter::increment() {dir}/counter.hpp:2 (x+0x14f37)

  Mutex M50 (0x7ffe40cbb428) created at:
    #4 std::lock_guard<std::mutex>::lock_guard(std::mutex&) /usr/include/c++/12/bits/std_mutex.h:229 (x+0x15eb9)
    #5 Counter::value() const {dir}/counter.hpp:3 (x+0x15eb9)

  Mutex M49 (0x7ffe40cbb400) created at:
    #4 std::lock_guard<std::mutex>::lock_guard(std::mutex&) /usr/include/c++/12/bits/std_mutex.h:229 (x+0x15e73)
    #5 Counter::increment() {dir}/counter.hpp:1 (x+0x15e73)

SUMMARY: ThreadSanitizer: data race
)";

TEST_F(RaceReport, DifferentLocksOnTheTwoSidesAreNamed) {
  const auto reports = ParseSanitizerReports(
      WithFile("counter.hpp",
               "std::lock_guard<std::mutex> lock(increment_mutex_);\n++count_;\n"
               "std::lock_guard<std::mutex> lock(value_mutex_);\nreturn count_;\n",
               kDifferentLocks));
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_NE(Explain(reports[0])
                .find("The two sides held different locks (`value_mutex_` against "
                      "`increment_mutex_`)"),
            std::string::npos)
      << Explain(reports[0]);
}

TEST_F(RaceReport, AWriteUnderASharedLockIsNamed) {
  const auto reports = ParseSanitizerReports(WithFile(
      "registry.hpp", "std::shared_lock lock(mutex_);\nids_.find(name);\nids_.emplace(name, id);\n",
      "WARNING: ThreadSanitizer: data race (pid=1)\n"
      "  Read of size 8 at 0x1 by thread T5 (mutexes: read M60):\n"
      "    #0 Registry::get_or_create() {dir}/registry.hpp:2 (x+0x1)\n"
      "  Previous write of size 8 at 0x1 by thread T3 (mutexes: read M60):\n"
      "    #0 Registry::get_or_create() {dir}/registry.hpp:3 (x+0x2)\n"
      "  Mutex M60 (0x7fffb7dbe370) created at:\n"
      "    #2 __glibcxx_rwlock_rdlock /usr/include/c++/12/shared_mutex:78 (x+0x16d77)\n"
      "    #5 Registry::get_or_create() {dir}/registry.hpp:1 (x+0x16d77)\n"));
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_NE(Explain(reports[0]).find("Both sides held `mutex_` only shared"), std::string::npos)
      << Explain(reports[0]);
}

// 05's wrong fix locks-from-then-to, one of its two pairs of sections.
constexpr const char* kLockOrder =
    R"(WARNING: ThreadSanitizer: lock-order-inversion (potential deadlock) (pid=16150)
  Cycle in lock order graph: M58 (0x7b0800000100) => M59 (0x7b0800000110) => M58

  Mutex M59 acquired here while holding mutex M58 in main thread:
    #0 __tsan_mutex_post_lock ../../../../src/libsanitizer/tsan/tsan_interface_ann.cpp:377 (libtsan.so.2+0x70f08)
    #2 __wrap__ZN4absl12lts_202206235Mutex4LockEv /lab/lib/harness/src/wait_sites.cpp:164 (x+0x19ef8)
    #4 Bank::transfer(unsigned long, unsigned long, long) {dir}/bank.hpp:2 (x+0x1c66c)

  Mutex M58 previously acquired by the same thread here:
    #0 __tsan_mutex_post_lock ../../../../src/libsanitizer/tsan/tsan_interface_ann.cpp:377 (libtsan.so.2+0x70f08)
    #4 Bank::transfer(unsigned long, unsigned long, long) {dir}/bank.hpp:1 (x+0x1c64d)

SUMMARY: ThreadSanitizer: lock-order-inversion (potential deadlock)
)";

TEST_F(RaceReport, LocksOfALockOrderInversionAreCalledByTheStudentsNames) {
  const auto reports =
      ParseSanitizerReports(WithFile("bank.hpp",
                                     "absl::MutexLock first(&accounts_[from].mutex);\n"
                                     "absl::MutexLock second(&accounts_[to].mutex);\n",
                                     kLockOrder));
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(HeadingWithLockNames(reports[0], 0),
            "Lock `accounts_[to].mutex` (M59) acquired here while holding lock "
            "`accounts_[from].mutex` (M58) in main thread");
  EXPECT_EQ(HeadingWithLockNames(reports[0], 1),
            "Lock `accounts_[from].mutex` (M58) previously acquired by the same thread here");
}

TEST_F(RaceReport, ALockCreatedByAnImplicitConstructorIsTheFilesOnlyLock) {
  // Clang: absl::Mutex's constructor, called by Counter's, at the line of `class Counter {`.
  const auto reports = ParseSanitizerReports(WithFile(
      "counter.hpp", "class Counter {\n  mutable absl::Mutex mutex_;\n  long count_ = 0;\n};\n",
      "WARNING: ThreadSanitizer: data race (pid=1)\n"
      "  Write of size 8 at 0x1 by thread T7 (mutexes: write M0):\n"
      "    #0 Counter::increment() {dir}/counter.hpp:3:7 (x+0x1) (BuildId: 4cbe)\n"
      "  Previous read of size 8 at 0x1 by thread T6:\n"
      "    #0 Counter::value() const {dir}/counter.hpp:3:5 (x+0x2) (BuildId: 4cbe)\n"
      "  Mutex M0 (0x7fffcbaedcc0) created at:\n"
      "    #0 __tsan_mutex_create <null> (x+0xa9796) (BuildId: 4cbe)\n"
      "    #1 absl::lts_20220623::Mutex::Mutex() /deps/include/absl/synchronization/mutex.h:942:3 "
      "(x+0xe905e)\n"
      "    #2 Counter::Counter() {dir}/counter.hpp:1:7 (x+0xe905e)\n"));
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(HeadingWithLockNames(reports[0], 0),
            "Write of size 8 by thread T7, holding `mutex_` (M0)");
}

TEST(LockName, ReadsTheLockALineTakesOrDeclares) {
  EXPECT_EQ(LockName("std::lock_guard<std::mutex> lock(mutex_);"), "mutex_");
  EXPECT_EQ(LockName("std::lock_guard lock(mutex_);  // CTAD"), "mutex_");
  EXPECT_EQ(LockName("absl::MutexLock second(&accounts_[to].mutex);"), "accounts_[to].mutex");
  EXPECT_EQ(LockName("std::unique_lock<std::mutex> lock(from->mu, std::defer_lock);"), "from->mu");
  EXPECT_EQ(LockName("absl::ReaderMutexLock lock(&this->mu_);"), "mu_");
  EXPECT_EQ(LockName("from.mu.lock();"), "from.mu");
  EXPECT_EQ(LockName("for (const Account& a : accounts_) a.mutex.Lock();"), "a.mutex");
  EXPECT_EQ(LockName("pthread_mutex_lock(&table_lock);"), "table_lock");
  EXPECT_EQ(LockName("  mutable absl::Mutex mu_;"), "mu_");
  EXPECT_EQ(LockName("std::shared_mutex mutex_;"), "mutex_");
  EXPECT_EQ(LockName("std::scoped_lock lock(from.mu, to.mu);"), "") << "which of the two?";
  EXPECT_EQ(LockName("++count_;"), "");
}

// ---------------------------------------------------------------------------------------------
// A sanitizer that cannot start is the machine's problem: a set-up error, never a grade.

// What a TSan binary prints when the kernel's mmap randomization is too high (captured with
// `setarch -L`, which maps memory where ThreadSanitizer does not expect it).
constexpr const char* kUnexpectedMapping =
    "FATAL: ThreadSanitizer: unexpected memory mapping 0x2b5326f81000-0x2b5326f82000\n";

// What a TSan binary prints when it may not reserve its memory (`ulimit -v 2000000`).
constexpr const char* kCheckFailedAtStart =
    "ThreadSanitizer: CHECK failed: sanitizer_allocator_primary64.h:131 \"((kSpaceBeg)) == "
    "((address_range.Init(TotalSpaceSize, PrimaryAllocatorName, kSpaceBeg)))\" "
    "(0x7b0000000000, 0xfffffffffffffff4) (tid=10019)\n";

TEST(SanitizerStartFailure, TheMemoryMappingFailureGivesTheFix) {
  const std::string failure = SanitizerStartFailure(kUnexpectedMapping);
  EXPECT_NE(failure.find("unexpected memory mapping"), std::string::npos);
  EXPECT_NE(failure.find("sudo sysctl -w vm.mmap_rnd_bits=28"), std::string::npos) << failure;
  EXPECT_NE(failure.find("not of the code"), std::string::npos) << failure;
}

TEST(SanitizerStartFailure, OnlyBeforeTheTestsBegan) {
  EXPECT_NE(SanitizerStartFailure(kCheckFailedAtStart), "");
  // GCC's AddressSanitizer with too much mmap randomness (google/sanitizers#1614).
  EXPECT_NE(SanitizerStartFailure("AddressSanitizer:DEADLYSIGNAL\nAddressSanitizer:DEADLYSIGNAL\n"),
            "");
  EXPECT_EQ(SanitizerStartFailure(std::string("racelab: chaos seed 1 (set RACELAB_SEED to replay "
                                              "it)\n[==========] Running 4 tests\n") +
                                  kCheckFailedAtStart),
            "")
      << "once the tests run, the code under test may be the cause";
  EXPECT_EQ(SanitizerStartFailure(kDataRace), "");
}

TEST(SanitizerStartFailure, TheGraderStopsWithASetUpErrorInsteadOfAVerdict) {
  // A "test binary" that fails as ThreadSanitizer does on such a machine.
  const std::filesystem::path build =
      std::filesystem::path(testing::TempDir()) / ("racelab_setup_" + std::to_string(getpid()));
  std::filesystem::create_directories(build / "bin");
  const std::filesystem::path binary = build / "bin" / "fake.exercise";
  std::ofstream(binary) << "#!/bin/sh\necho '" << Trimmed(kUnexpectedMapping) << "' >&2\nexit 66\n";
  std::filesystem::permissions(binary, std::filesystem::perms::owner_all |
                                           std::filesystem::perms::others_read |
                                           std::filesystem::perms::others_exec);
  Grader grader({RACELAB_SOURCE_DIR, build, "tsan"});
  try {
    grader.Run("fake.exercise", {"Suite.A"});
    ADD_FAILURE() << "graded instead of stopping";
  } catch (const SetupError& error) {
    EXPECT_NE(std::string(error.what()).find("vm.mmap_rnd_bits=28"), std::string::npos);
  }
  std::filesystem::remove_all(build);
}

// Every experiment's table and plot say what they ran on.
TEST(Machine, IsDescribedByItsCoresModelAndCompiler) {
  EXPECT_EQ((Machine{2, "AMD EPYC 7B13", "GCC 12.2.0"}.Describe()),
            "2 cores (AMD EPYC 7B13), GCC 12.2.0");
  EXPECT_EQ((Machine{1, "", "Clang 14.0.6"}.Describe()), "1 core, Clang 14.0.6");
  const Machine here = ThisMachine();
  EXPECT_GE(here.cores, 1);
  EXPECT_LE(here.cores, static_cast<int>(std::thread::hardware_concurrency()));
  EXPECT_EQ(here.compiler.rfind("GNU", 0), std::string::npos) << "says GCC, not CMake's GNU";
}

}  // namespace
}  // namespace racelab
