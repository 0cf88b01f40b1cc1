// Unit tests of the grader's pure parts: reading the lab's files, reading sanitizer reports,
// and turning a run into a verdict.
#include <gtest/gtest.h>
#include <signal.h>

#include <regex>

#include "catalog.hpp"
#include "classify.hpp"
#include "process.hpp"
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
  EXPECT_EQ(verdict.also, (std::vector<std::string>{"deadlock"}));
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
      "error: 'mutx' was not declared\n   14 |   mutx.lock();\n");
  EXPECT_EQ(verdict.category, "compile-error");
  EXPECT_NE(verdict.message.find("exercises/01-counter-mutex/counter.hpp:14:5: error"),
            std::string::npos);
}

}  // namespace
}  // namespace racelab
