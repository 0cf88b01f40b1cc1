// Tests of exercise 00: a sum split over threads that threaded_sum starts and joins itself.
//
// ThreadSanitizer watches every call. A slot read while its thread may still write it is a data
// race, even when the total happens to come out right, and a thread still running after
// threaded_sum returned writes into freed memory (use-after-free). The tests also count the
// threads each call starts (racelab::ThreadsStarted()), so a version that does all the summing on
// the calling thread cannot pass.
#include "threaded_sum.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <initializer_list>
#include <numeric>
#include <thread>
#include <vector>

#include "racelab/category.hpp"
#include "racelab/expected.hpp"
#include "racelab/thread_starts.hpp"

namespace {

// n values whose sum no slice left out could hit by chance. Never freed, on purpose: a thread
// that a wrong version leaves running can still read them, and then only its own memory is
// reported.
const std::vector<long>& Values(std::size_t n) {
  auto* values = new std::vector<long>(n);
  for (std::size_t i = 0; i < n; ++i) (*values)[i] = static_cast<long>(i % 1'000) * 3 - 1'000;
  return *values;
}

long Expected(const std::vector<long>& values) {
  return std::accumulate(values.begin(), values.end(), 0L);
}

// The threads of this process that the kernel still lists.
long LiveThreads() {
  long count = 0;
  for ([[maybe_unused]] const auto& task : std::filesystem::directory_iterator("/proc/self/task")) {
    ++count;
  }
  return count;
}

// What one call returned, and how many threads it started.
struct Call {
  long sum;
  long started;
};

// Calls threaded_sum, then waits (up to 10 s) until every thread it started has ended. A correct
// version has joined them all, so there is nothing to wait for. A version that leaves threads
// running still fails (ThreadSanitizer sees their accesses), but they cannot go on to scribble
// over memory that later tests use. The waiting orders nothing, so it hides no race.
Call SumAndCount(const std::vector<long>& values, int threads) {
  // ThreadSanitizer starts a helper thread of its own with the first thread the program starts,
  // and keeps it. Start (and join) one first, so that the helper is already counted in `live`.
  static const bool warmed_up = [] {
    std::thread([] {}).join();
    return true;
  }();
  (void)warmed_up;
  const long live = LiveThreads();
  const long before = racelab::ThreadsStarted();
  const long sum = threaded_sum(values, threads);
  const Call call{sum, racelab::ThreadsStarted() - before};
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (LiveThreads() > live && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return call;
}

// One thread: the whole input is one slice. Summing it on the calling thread is fine here.
TEST(HelloThreads, SumsOnOneThread) {
  const std::vector<long>& values = Values(1'000);
  const Call call = SumAndCount(values, 1);
  EXPECT_EQ(call.sum, Expected(values))
      << "threaded_sum(values, 1): " << racelab::ExpectedGot(Expected(values), call.sum)
      << ". With one thread, its slice is the whole input: from the first value to the last.";
  EXPECT_LE(call.started, 1) << racelab::kConstraint << "threaded_sum(values, 1) started "
                             << call.started << " threads; it should start at most 1.";
}

// 2 to 64 threads, on inputs that do not split evenly: every value is summed exactly once.
TEST(HelloThreads, SumsWithManyThreads) {
  const struct {
    std::size_t n;
    std::initializer_list<int> threads;
  } cases[] = {{1'000, {2, 7, 64}}, {10'007, {3, 4, 8, 16}}};
  for (const auto& [n, thread_counts] : cases) {
    const std::vector<long>& values = Values(n);
    for (int threads : thread_counts) {
      const long sum = SumAndCount(values, threads).sum;
      EXPECT_EQ(sum, Expected(values))
          << "threaded_sum of " << n << " values on " << threads
          << " threads: " << racelab::ExpectedGot(Expected(values), sum)
          << ". Either some slots were read "
          << "before their thread wrote them (was every thread joined first?), or the slices do "
          << "not cover every value exactly once (the last slice must also take what a division "
          << "leaves over).";
    }
  }
}

// The lesson is starting threads: a call with `threads` threads starts that many, or one fewer
// if the calling thread sums a slice itself. Never fewer, never more.
TEST(HelloThreads, StartsTheThreadsItIsAskedFor) {
  const std::vector<long>& values = Values(10'000);
  for (int threads : {2, 4, 8, 64}) {
    const Call call = SumAndCount(values, threads);
    EXPECT_EQ(call.sum, Expected(values))
        << "threaded_sum on " << threads
        << " threads: " << racelab::ExpectedGot(Expected(values), call.sum)
        << ". Every value must be in exactly one slice, and every slot read after its join().";
    EXPECT_TRUE(call.started == threads || call.started == threads - 1)
        << racelab::kConstraint << "threaded_sum(values, " << threads << ") started "
        << call.started << " threads. It must start " << threads << " (or " << threads - 1
        << " if the calling thread sums one slice itself): one per slice, however many cores "
        << "the machine has, and each time it is called.";
  }
}

// Fewer values than threads: some slices are empty. Threads for empty slices may be left out,
// but the sum must be right and no more than `threads` threads may start.
TEST(HelloThreads, SumsFewerValuesThanThreads) {
  const struct {
    std::vector<long> values;
    int threads;
  } cases[] = {{{5, 7, 9}, 4}, {{5, 7, 9}, 8}, {{42}, 2}, {{-3, 3, 11}, 64}};
  for (const auto& [values, threads] : cases) {
    const Call call = SumAndCount(values, threads);
    EXPECT_EQ(call.sum, Expected(values))
        << "threaded_sum of " << values.size() << " values on " << threads
        << " threads: " << racelab::ExpectedGot(Expected(values), call.sum)
        << ". With more threads than values, some slices are empty: do they still start and "
           "end inside the input?";
    EXPECT_LE(call.started, threads) << racelab::kConstraint << "threaded_sum(values, " << threads
                                     << ") started " << call.started << " threads.";
  }
}

// No values at all: the sum is 0, on any number of threads.
TEST(HelloThreads, SumsAnEmptyInput) {
  const std::vector<long> none;
  for (int threads : {1, 4, 16}) {
    const Call call = SumAndCount(none, threads);
    EXPECT_EQ(call.sum, 0) << "the sum of no values on " << threads << " threads must be 0, "
                           << "not " << call.sum << ": is a slot read that no thread wrote?";
    EXPECT_LE(call.started, threads) << racelab::kConstraint << "threaded_sum({}, " << threads
                                     << ") started " << call.started << " threads.";
  }
}

// Enough work that the threads are still summing when a version that does not wait for them
// reads the slots. Five calls in a row, each right.
TEST(HelloThreads, ReturnsOnlyAfterEveryThreadFinished) {
  const std::vector<long>& values = Values(300'000);
  for (int run = 1; run <= 5; ++run) {
    const long sum = SumAndCount(values, 4).sum;
    EXPECT_EQ(sum, Expected(values))
        << "call " << run << ": " << racelab::ExpectedGot(Expected(values), sum)
        << ". The slots were added up before every thread had written its own: join() each "
           "thread before reading its slot.";
  }
}

}  // namespace
