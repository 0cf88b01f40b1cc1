// Unit tests of what `./lab demo` adds to the grader: text for a projector, and reports about a
// demo's own code told like reports about a student's.
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "projector.hpp"
#include "sanitizer_report.hpp"

namespace racelab {
namespace {

TEST(Projector, CountsColumnsNotBytes) {
  EXPECT_EQ(Columns("abc"), 3u);
  EXPECT_EQ(Columns("Part 1 · lost"), 13u);
  EXPECT_EQ(Columns("…"), 1u);
}

TEST(Projector, LeavesLinesThatFitAlone) {
  const std::string text = "short\n  indented, long enough to reach the edge exactly\n\nend";
  EXPECT_EQ(Wrap(text, 49), text);
}

TEST(Projector, BreaksALongLineAtSpacesKeepingItsIndent) {
  EXPECT_EQ(Wrap("  one two three four five six\n", 14), "  one two\n  three four\n  five six\n");
  EXPECT_EQ(Wrap("one two three", 7), "one two\nthree");
  for (std::size_t columns : {10u, 20u, 30u}) {
    std::string wrapped = Wrap(
        "Two threads touched the same memory, at least one of them writing, and no lock "
        "ordered the two accesses.",
        columns);
    for (std::size_t at = 0, end; at < wrapped.size(); at = end + 1) {
      end = std::min(wrapped.find('\n', at), wrapped.size());
      EXPECT_LE(end - at, columns) << wrapped;
    }
  }
}

TEST(Projector, NeverBreaksCodeAndLetsWhatCannotFitStandAlone) {
  EXPECT_EQ(
      Wrap("      in Bank::Transfer() at deadlock.cpp:37   `std::lock_guard second(locks[to]);`",
           50),
      "      in Bank::Transfer() at deadlock.cpp:37\n"
      "      `std::lock_guard second(locks[to]);`");
  EXPECT_EQ(Wrap("a `very long code span` b", 8), "a\n`very long code span`\nb");
  EXPECT_EQ(Wrap("a_very_long_word", 4), "a_very_long_word");
}

TEST(Projector, CutsALineWithAnEllipsis) {
  EXPECT_EQ(Cut("WARNING: ThreadSanitizer: data race", 16), "WARNING: Thread…");
  EXPECT_EQ(Columns(Cut("WARNING: ThreadSanitizer: data race", 16)), 16u);
  EXPECT_EQ(Cut("fits", 4), "fits");
  EXPECT_EQ(Cut("a · b · c", 4), "a ·…");
}

TEST(Projector, ExcerptsOneBlockOfCode) {
  const std::string code =
      "struct Bank {\n"
      "  // Moves money.\n"
      "  void Transfer(int from, int to) {\n"
      "    std::lock_guard first(locks[from]);\n"
      "\n"
      "    if (from == to) {\n"
      "    }\n"
      "  }\n"
      "  void increment() { ++count_; }\n"
      "};\n";
  EXPECT_EQ(Excerpt(code, "void Transfer("),
            "void Transfer(int from, int to) {\n"
            "  std::lock_guard first(locks[from]);\n"
            "\n"
            "  if (from == to) {\n"
            "  }\n"
            "}\n");
  EXPECT_EQ(Excerpt(code, "void increment()"), "void increment() { ++count_; }\n");
  EXPECT_EQ(Excerpt(code, "struct Bank"), code);
  EXPECT_EQ(Excerpt(code, "no such line"), "");
}

// The line of `file` that contains `text`, counted from 1; 0 if none.
int LineOf(const std::string& file, const std::string& text) {
  std::ifstream in(file);
  int number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    if (line.find(text) != std::string::npos) return number;
  }
  return 0;
}

// The deadlock demo's lock-order report names its locks as its code does, as a student's would.
TEST(DemoReport, TheDeadlockDemosLocksAreCalledByTheirNames) {
  const std::string file = RACELAB_SOURCE_DIR "/lib/workshop/demos/deadlock/deadlock.cpp";
  const int first = LineOf(file, "std::lock_guard first(locks[from]);");
  const int second = LineOf(file, "std::lock_guard second(locks[to]);");
  ASSERT_GT(first, 0) << file;
  ASSERT_GT(second, 0) << file;
  const std::string frame = "    #4 Bank::Transfer(int, int, long) " + file + ":";
  const auto reports = ParseSanitizerReports(
      "WARNING: ThreadSanitizer: lock-order-inversion (potential deadlock) (pid=1)\n"
      "  Cycle in lock order graph: M0 (0x1) => M1 (0x2) => M0\n\n"
      "  Mutex M1 acquired here while holding mutex M0 in thread T1:\n"
      "    #0 pthread_mutex_lock ../../../../src/libsanitizer/tsan/tsan_interceptors.cpp:1 (x)\n"
      "    #1 std::mutex::lock() /usr/include/c++/12/bits/std_mutex.h:100 (x+0x1)\n" +
      frame + std::to_string(second) + " (x+0x2)\n\n" +
      "  Mutex M0 previously acquired by the same thread here:\n" + frame + std::to_string(first) +
      " (x+0x3)\n\nSUMMARY: ThreadSanitizer: lock-order-inversion (potential deadlock)\n");
  ASSERT_EQ(reports.size(), 1u);
  const std::string explained = Explain(reports[0]);
  EXPECT_NE(explained.find("Lock `locks[to]` (M1) acquired here while holding lock "
                           "`locks[from]` (M0) in thread T1"),
            std::string::npos)
      << explained;
  EXPECT_NE(explained.find("in Bank::Transfer() at deadlock.cpp:" + std::to_string(second)),
            std::string::npos)
      << explained;
}

}  // namespace
}  // namespace racelab
