// Tests of exercise 20: a parallel sum with oneTBB.
//
// The sums run in a TBB arena of four threads, so that worker threads take part even on a
// machine with few cores. ThreadSanitizer then sees every variable that two workers write
// without ordering, even when the sum happens to come out right.
#include "parallel_sum.hpp"

#include <gtest/gtest.h>

#include <cstddef>
#include <numeric>
#include <string>
#include <vector>

#include "racelab/expected.hpp"
#include "racelab/interleaving.hpp"
#include "racelab/source_rules.hpp"
#include "tbb/global_control.h"
#include "tbb/task_arena.h"

namespace {

constexpr int kThreads = 4;

// parallel_sum(values), run by kThreads threads: the caller and kThreads - 1 TBB workers. TBB
// splits a reduction only for a chunk that a worker takes over, so a run where the caller did
// every chunk itself proves nothing. The caller therefore yields after each atomic load in TBB's
// loop (forced interleaving), which gives the workers a CPU to take chunks, even on one core.
long SumOnFourThreads(const std::vector<long>& values) {
  tbb::global_control allow(tbb::global_control::max_allowed_parallelism, kThreads);
  tbb::task_arena arena(kThreads);
  return arena.execute([&] {
    racelab::ForcedInterleaving let_workers_in;
    return parallel_sum(values);
  });
}

// Values that do not sum to anything a wrong sum would give by chance.
std::vector<long> Values(std::size_t n) {
  std::vector<long> values(n);
  for (std::size_t i = 0; i < n; ++i) values[i] = static_cast<long>(i % 1'000) - 300;
  return values;
}

// What a wrong sum usually means, to follow every mismatch.
std::string WhyOff(long expected, long sum) {
  if (sum < expected) {
    return " The sum is too small by " + std::to_string(expected - sum) +
           ": the additions of some chunks were lost. Does each chunk continue from the sum it "
           "was given (`partial` in parallel_reduce)?";
  }
  return " The sum is too large by " + std::to_string(sum - expected) +
         ": some values were added twice, or a partial sum was combined twice.";
}

// Small inputs: nothing, one value, a few values, negative values.
TEST(ParallelSum, SumsSmallInputs) {
  for (const std::vector<long>& values :
       std::vector<std::vector<long>>{{}, {42}, {1, 2, 3}, {-5, 7, -9}}) {
    const long expected = std::accumulate(values.begin(), values.end(), 0L);
    const long sum = SumOnFourThreads(values);
    EXPECT_EQ(sum, expected) << "the sum of " << values.size() << " value(s) should be " << expected
                             << ", not " << sum << "." << WhyOff(expected, sum);
  }
}

// Inputs of growing size, each summed right.
TEST(ParallelSum, SumsInputsOfManySizes) {
  for (std::size_t n : {10, 1'000, 4'097, 100'000}) {
    const std::vector<long> values = Values(n);
    const long expected = std::accumulate(values.begin(), values.end(), 0L);
    const long sum = SumOnFourThreads(values);
    EXPECT_EQ(sum, expected) << "the sum of " << n << " values should be " << expected << ", not "
                             << sum << "." << WhyOff(expected, sum);
  }
}

// A million values, summed five times: enough work that all four threads sum chunks at the same
// time. Chunks that add into one shared variable lose additions, and ThreadSanitizer reports
// the shared variable on every run.
TEST(ParallelSum, SumsAMillionValuesOnFourThreads) {
  const std::vector<long> values = Values(1'000'000);
  const long expected = std::accumulate(values.begin(), values.end(), 0L);
  for (int run = 0; run < 5; ++run) {
    const long sum = SumOnFourThreads(values);
    EXPECT_EQ(sum, expected) << "run " << run + 1 << ": " << racelab::ExpectedGot(expected, sum)
                             << ". Threads that add into the same variable overwrite each "
                                "other's additions: let each task sum its own part.";
  }
}

// The lesson: each task sums its own part, and the parts are combined at the end.
TEST(ParallelSum, CombinesPerTaskSums) {
  racelab::ExpectOneUsed(racelab::StudentFile("parallel_sum.hpp"),
                         {"parallel_reduce", "parallel_deterministic_reduce", "combinable",
                          "enumerable_thread_specific"},
                         "Let each task or thread sum its own part, then combine the parts: use "
                         "tbb::parallel_reduce, or tbb::combinable with tbb::parallel_for.");
}

// A lock or an atomic on every addition is correct but makes the threads queue up for one
// variable; threads of your own would bypass TBB's pool altogether.
TEST(ParallelSum, UsesNoLockAtomicOrThread) {
  racelab::ExpectNoneUsed(
      racelab::StudentFile("parallel_sum.hpp"),
      {"mutex", "Mutex", "spin_mutex", "queuing_mutex", "lock", "Lock", "lock_guard", "unique_lock",
       "scoped_lock", "MutexLock", "pthread_mutex_lock", "atomic", "atomic_ref",
       "__atomic_fetch_add", "__sync_fetch_and_add", "thread", "jthread", "async",
       "pthread_create"},
      "A lock or an atomic on every addition makes all threads wait for one shared variable, "
      "and threads of your own bypass TBB: let each task sum its own part, and combine the "
      "parts once at the end.");
}

}  // namespace
