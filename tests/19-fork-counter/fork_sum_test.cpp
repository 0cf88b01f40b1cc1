// Tests of exercise 19: sum_in_children, which computes in child processes made with fork().
//
// Each test's work function runs in the children. It notes, in memory shared by all the
// processes (a MAP_SHARED mmap the test makes before any fork), which process ran which work(i)
// and how often, so the test sees work that ran in the parent, twice, or never. The harness
// records every child that fork() returns (racelab/forks.hpp): after each call the test checks
// that every one of them was reaped, and reaps (or kills) any that were not, so that no zombie or
// orphan outlives a test. fork() here is always a fork of a process with several threads (the
// lab's watchdog, the sanitizer's own), so the children only compute and end.
#include "fork_sum.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <functional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "racelab/category.hpp"
#include "racelab/expected.hpp"
#include "racelab/forks.hpp"

namespace {

constexpr int kMaxChildren = 64;

// What the children tell the test, in memory that every process shares. Atomics that are lock
// free work between processes, as they do between threads.
struct Board {
  std::atomic<int> calls[kMaxChildren];     // how often work(i) ran
  std::atomic<pid_t> ran_in[kMaxChildren];  // the process that ran it last
};
static_assert(std::atomic<int>::is_always_lock_free && std::atomic<pid_t>::is_always_lock_free);

// The test binary's process: a child that runs the exit handlers registered below reports it.
const pid_t test_process = getpid();

// exit() in a child runs the exit handlers and flushes the output buffers that it inherited from
// its parent, a second time, and in a child of a process with threads it may hang on a lock that
// another thread held at the fork. A child must end with _exit().
void ReportExitInAChild() {
  if (getpid() == test_process) return;
  racelab::ReportNow(racelab::kWrongResult,
                     "a child process ended with exit(), which runs its parent's exit handlers "
                     "and flushes output buffered before the fork a second time: end a child with "
                     "_exit().");
}

class ForkSum : public testing::Test {
 protected:
  static void SetUpTestSuite() { std::atexit(ReportExitInAChild); }

  void SetUp() override {
    void* memory =
        mmap(nullptr, sizeof(Board), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    ASSERT_NE(memory, MAP_FAILED) << "the test could not map its shared memory";
    board_ = new (memory) Board{};
    forked_before_ = racelab::ForkedChildren().size();
  }

  void TearDown() override {
    racelab::FailForkAfter(-1);
    CheckEveryChildReaped();
    if (board_ != nullptr) munmap(board_, sizeof(Board));
  }

  // A work function that records, on the board, that the calling process ran work(i), then
  // returns value(i). It runs in the children.
  std::function<long(int)> Work(std::function<long(int)> value) {
    Board* board = board_;
    return [board, value = std::move(value)](int i) {
      if (i >= 0 && i < kMaxChildren) {
        board->calls[i].fetch_add(1, std::memory_order_relaxed);
        board->ran_in[i].store(getpid(), std::memory_order_relaxed);
      }
      return value(i);
    };
  }

  // Calls sum_in_children in the test's own process. A child that comes back out of it (it
  // returned, or let an exception out, instead of ending with _exit) would go on to run the rest
  // of the tests a second time, beside its parent: it is stopped here.
  long Sum(int children, const std::function<long(int)>& work) {
    struct OnlyTheParentGoesOn {
      pid_t parent = getpid();
      ~OnlyTheParentGoesOn() {
        if (getpid() == parent) return;
        racelab::ReportNow(racelab::kCrash,
                           "a child process came back out of sum_in_children (it returned, or "
                           "let an exception out) and would have run the rest of the tests a "
                           "second time. A child must end where its work ends: call _exit() "
                           "right after sending its result, also when work() throws.");
        _exit(70);
      }
    } only_the_parent_goes_on;
    return sum_in_children(children, work);
  }

  // The children that this test's calls started so far.
  std::vector<pid_t> Children() const {
    const std::vector<pid_t> all = racelab::ForkedChildren();
    return {all.begin() + static_cast<std::ptrdiff_t>(forked_before_), all.end()};
  }

  // Every child must have been reaped (waited for) by sum_in_children: a child that ended but
  // was not waited for stays in the process table as a zombie; one still running would outlive
  // the call. The test reaps them now, killing those still running, and fails with `leak`.
  void CheckEveryChildReaped() {
    int zombies = 0;
    int running = 0;
    for (const pid_t child : Children()) {
      int status = 0;
      const pid_t waited = waitpid(child, &status, WNOHANG);
      if (waited == child) {
        ++zombies;
      } else if (waited == 0) {
        ++running;
        kill(child, SIGKILL);
        waitpid(child, &status, 0);
      }
      // -1 (ECHILD): reaped already, as it should be.
    }
    forked_before_ = racelab::ForkedChildren().size();
    if (zombies + running == 0) return;
    ADD_FAILURE() << racelab::kLeak << "sum_in_children returned without reaping "
                  << zombies + running << " of its children (ended but left as zombies: " << zombies
                  << "; still running: " << running
                  << "). Wait for every child with waitpid() before returning, also when you "
                     "throw.";
  }

  // Work ran once for each i in [0, children), each time in a child that sum_in_children
  // started, never in the test's own process, and never two of them in one child.
  void ExpectOneChildPerWork(int children) {
    const std::vector<pid_t> started = Children();
    const std::set<pid_t> forked(started.begin(), started.end());
    std::set<pid_t> used;
    for (int i = 0; i < children; ++i) {
      const int calls = board_->calls[i].load(std::memory_order_relaxed);
      const pid_t pid = board_->ran_in[i].load(std::memory_order_relaxed);
      if (calls != 1) {
        ADD_FAILURE() << "work(" << i << ") ran " << calls << " times: each child i must call "
                      << "work(i) once.";
        return;
      }
      if (pid == getpid()) {
        ADD_FAILURE() << racelab::kConstraint << "work(" << i << ") ran in the test's own "
                      << "process, not in a child: the lesson is to compute in child processes "
                      << "and bring the results back.";
        return;
      }
      if (forked.count(pid) == 0) {
        ADD_FAILURE() << racelab::kConstraint << "work(" << i << ") ran in a process that "
                      << "sum_in_children did not start with fork() itself.";
        return;
      }
      used.insert(pid);
    }
    EXPECT_EQ(used.size(), static_cast<std::size_t>(children))
        << racelab::kConstraint << children << " calls of work ran in only " << used.size()
        << " processes: start one child per call, child i computing work(i).";
    EXPECT_EQ(started.size(), static_cast<std::size_t>(children))
        << racelab::kConstraint << "sum_in_children(" << children << ", ...) started "
        << started.size() << " child processes: start exactly one per call of work.";
  }

  Board* board_ = nullptr;
  std::size_t forked_before_ = 0;
};

// What a wrong sum suggests: 0 means no result reached the parent at all.
std::string WhyWrong(long sum) {
  return sum == 0 ? " A child that adds to a variable adds to its own copy: the parent's copy "
                    "never changes. Send the result back (a pipe), or add it in memory that "
                    "both processes share (mmap with MAP_SHARED)."
                  : "";
}

long Expected(int children, const std::function<long(int)>& value) {
  long sum = 0;
  for (int i = 0; i < children; ++i) sum += value(i);
  return sum;
}

// No children: nothing to fork, nothing to add.
TEST_F(ForkSum, NoChildrenSumToZero) {
  const long sum = Sum(0, Work([](int) { return 5L; }));
  EXPECT_EQ(sum, 0) << "sum_in_children(0, work) must return 0: " << racelab::ExpectedGot(0, sum);
  EXPECT_EQ(Children().size(), 0u) << "sum_in_children(0, work) started a process.";
}

// Eight children, each with a result of its own: the parent gets every one of them.
TEST_F(ForkSum, AddsTheResultOfEveryChild) {
  const auto value = [](int i) { return 1000L * (i + 1) + i; };
  const long sum = Sum(8, Work(value));
  const long expected = Expected(8, value);
  EXPECT_EQ(sum, expected) << "the sum of the children's results: "
                           << racelab::ExpectedGot(expected, sum) << "." << WhyWrong(sum);
}

// Results that need all 64 bits of a long, some of them negative, arrive whole: an exit status
// (8 bits) cannot carry them.
TEST_F(ForkSum, LargeAndNegativeResultsArriveWhole) {
  const auto value = [](int i) { return (i % 2 == 0 ? 1 : -1) * ((1L << 40) + 7 * i); };
  const long sum = Sum(5, Work(value));
  const long expected = Expected(5, value);
  EXPECT_EQ(sum, expected) << "results of 41 bits, some negative: "
                           << racelab::ExpectedGot(expected, sum) << "."
                           << (sum == 0 ? WhyWrong(sum)
                                        : " A child's exit status holds only 8 bits (0 to 255): "
                                          "send the whole long.");
}

// Each work(i) runs once, in a child of its own that sum_in_children started: not in the parent.
TEST_F(ForkSum, EachWorkRunsInAChildOfItsOwn) {
  Sum(6, Work([](int i) { return i + 1L; }));
  ExpectOneChildPerWork(6);
}

// Many calls one after the other: every child of every call is reaped, and the sums are right.
TEST_F(ForkSum, ManyCallsLeaveNoChildBehind) {
  for (int call = 1; call <= 10 && !HasFailure(); ++call) {
    const auto value = [call](int i) { return call * 100L + i; };
    const long sum = Sum(3, Work(value));
    EXPECT_EQ(sum, Expected(3, value))
        << "call " << call << ": " << racelab::ExpectedGot(Expected(3, value), sum) << "."
        << WhyWrong(sum);
    CheckEveryChildReaped();
  }
}

// A child whose work throws cannot hand the exception to its parent, but it can say that it
// failed: sum_in_children must throw, after it reaped every child.
TEST_F(ForkSum, ThrowsWhenAChildsWorkThrows) {
  bool threw = false;
  try {
    Sum(4, Work([](int i) -> long {
          if (i == 2) throw std::runtime_error("work(2) failed");
          return i;
        }));
  } catch (...) {
    threw = true;
  }
  EXPECT_TRUE(threw) << "work(2) threw in its child, yet sum_in_children returned normally: "
                        "when a child fails (its exit status says so), throw an exception, after "
                        "reaping every child.";
}

// fork() fails for the third child (the harness makes it fail, as when the process limit is
// reached): sum_in_children throws a std::runtime_error (std::system_error is one), and the two
// children already started are reaped all the same.
TEST_F(ForkSum, ThrowsWhenForkFails) {
  racelab::FailForkAfter(2);
  bool threw_runtime_error = false;
  try {
    Sum(5, Work([](int i) { return i + 1L; }));
  } catch (const std::runtime_error&) {
    threw_runtime_error = true;
  } catch (...) {
  }
  racelab::FailForkAfter(-1);
  EXPECT_TRUE(threw_runtime_error)
      << "fork() returned -1 for the third child, yet sum_in_children did not throw a "
         "std::runtime_error (std::system_error(errno, std::generic_category()) is one).";
}

}  // namespace
