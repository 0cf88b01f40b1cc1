// Tests of exercise 04: Stats, whose count and sum must always describe the same samples.
//
// Every sample the concurrent tests add is kValue, so every state Stats can really be in has
// sum == kValue * count, and mean() == kValue once it holds a sample. A reader that returns a
// count and a sum of two different moments breaks that equation, and the tests check it on
// every read. Reading two atomics one after the other makes no data race, so ThreadSanitizer
// stays silent: only the numbers show it. To make it show on every run, on one core as on many,
// the reading thread yields the processor inside its call, after each atomic load and each
// unlock (forced interleaving), and the adding threads yield after each sample, so that other
// samples arrive between any two steps of a read. Loads of a 16-byte atomic (a std::atomic of
// a struct holding both numbers) yield too: see wide_atomic_interleaving.cpp.
#include "stats.hpp"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <utility>

#include "racelab/expected.hpp"
#include "racelab/interleaving.hpp"
#include "racelab/run_concurrently.hpp"

namespace {

constexpr long kValue = 5;  // every sample of the concurrent tests
constexpr int kAdders = 3;  // threads 1-3 add; thread 0 reads
constexpr int kCalls = 2'000;
constexpr long kSamples = long{kAdders} * kCalls;

// What threads 1-3 do in every call: add one sample, then let another thread run, so that the
// reader's next step comes after it.
void AddOneSample(Stats& stats) {
  stats.add(kValue);
  std::this_thread::yield();
}

// "{count 3, sum 9}"
std::string Show(const std::pair<long, long>& state) {
  return "{count " + std::to_string(state.first) + ", sum " + std::to_string(state.second) + "}";
}

// One thread alone: an empty Stats is all zeros, and each sample counts once in every number.
TEST(StatsInvariant, CountsAndSumsOnOneThread) {
  Stats stats;
  EXPECT_EQ(stats.count(), 0) << "count() of an empty Stats: " << stats.count();
  EXPECT_EQ(stats.sum(), 0) << "sum() of an empty Stats: " << stats.sum();
  EXPECT_EQ(stats.mean(), 0.0) << "mean() of no samples must be 0 (and must not divide by 0).";
  EXPECT_EQ(stats.snapshot(), std::make_pair(0L, 0L))
      << "snapshot() of an empty Stats: " << Show(stats.snapshot());
  stats.add(2);
  stats.add(-4);
  stats.add(11);
  const char* added = "after add(2), add(-4), add(11): ";
  EXPECT_EQ(stats.count(), 3) << added << "count() " << racelab::ExpectedGot(3, stats.count());
  EXPECT_EQ(stats.sum(), 9) << added << "sum() " << racelab::ExpectedGot(9, stats.sum());
  EXPECT_EQ(stats.mean(), 3.0) << added << "mean() should be 9 / 3 = 3, not " << stats.mean();
  EXPECT_EQ(stats.snapshot(), std::make_pair(3L, 9L))
      << added << "snapshot() is {count, sum}: expected " << Show({3, 9}) << ", got "
      << Show(stats.snapshot()) << ".";
}

// Four threads add at once, each yielding inside add() right after every atomic load and every
// unlock. An add() that loads the state and then stores a new one, in two steps, overwrites the
// samples that other threads added in between.
TEST(StatsInvariant, NoSampleIsLost) {
  constexpr int kThreads = 4;
  Stats stats;
  racelab::RunConcurrently({.threads = kThreads, .calls = kCalls, .interleave = true},
                           [&](int, int) { stats.add(kValue); });
  const long lost = long{kThreads} * kCalls - stats.count();
  EXPECT_EQ(stats.snapshot(), std::make_pair(long{kThreads} * kCalls, kValue * kThreads * kCalls))
      << lost << " of " << kThreads * kCalls << " samples were lost (or counted twice). add() "
      << "read the state and wrote a new one in two steps, and the samples other threads added "
      << "in between were overwritten: the update must be one step (a fetch_add, a "
      << "compare_exchange loop, or a lock around the whole update).";
}

// Thread 0 takes snapshots while threads 1-3 add. Each snapshot must be a state that existed:
// sum == kValue * count. After the threads finish, no sample may be missing.
TEST(StatsInvariant, SnapshotIsOneConsistentState) {
  Stats stats;
  int torn = 0;  // only thread 0 writes these three
  std::pair<long, long> a_torn_one;
  racelab::RunConcurrently({.threads = kAdders + 1, .calls = kCalls}, [&](int thread, int) {
    if (thread != 0) {
      AddOneSample(stats);
      return;
    }
    racelab::ForcedInterleaving forced;
    const std::pair<long, long> seen = stats.snapshot();
    if (seen.second != kValue * seen.first && torn++ == 0) a_torn_one = seen;
  });
  EXPECT_EQ(torn, 0) << torn << " of " << kCalls << " snapshots were torn, for example {count "
                     << a_torn_one.first << ", sum " << a_torn_one.second << "}: with samples of "
                     << kValue << " only, a sum of " << a_torn_one.second << " goes with a count "
                     << "of " << a_torn_one.second / kValue << ". The count and the sum were read "
                     << "at two different moments, with samples added in between. Both must be "
                     << "read from one state that no add() can change halfway.";
  EXPECT_EQ(stats.snapshot(), std::make_pair(kSamples, kValue * kSamples))
      << "after " << kSamples << " samples of " << kValue << ": expected "
      << Show({kSamples, kValue * kSamples}) << ", got " << Show(stats.snapshot())
      << ". Samples were lost: two add() calls overwrote each other's update.";
}

// Thread 0 reads mean() while threads 1-3 add. Every sample is kValue and Stats is never empty,
// so every mean must be exactly kValue.
TEST(StatsInvariant, MeanIsOfOneConsistentState) {
  Stats stats;
  stats.add(kValue);  // never empty: mean() is never the 0 of an empty Stats
  int wrong = 0;      // only thread 0 writes these two
  double a_wrong_mean = 0;
  racelab::RunConcurrently({.threads = kAdders + 1, .calls = kCalls}, [&](int thread, int) {
    if (thread != 0) {
      AddOneSample(stats);
      return;
    }
    racelab::ForcedInterleaving forced;
    const double mean = stats.mean();
    if (mean != kValue && wrong++ == 0) a_wrong_mean = mean;
  });
  EXPECT_EQ(wrong, 0) << wrong << " of " << kCalls << " calls of mean() returned something "
                      << "other than " << kValue << " (for example " << a_wrong_mean << "), yet "
                      << "every sample is " << kValue << ". mean() divided the sum of one moment "
                      << "by the count of another: reading them through sum() and count(), each "
                      << "safe on its own, still leaves a gap between the two in which other "
                      << "threads add. Take both from one state, in one step.";
  EXPECT_EQ(stats.snapshot(), std::make_pair(kSamples + 1, kValue * (kSamples + 1)))
      << "after " << kSamples + 1 << " samples of " << kValue << ": expected "
      << Show({kSamples + 1, kValue * (kSamples + 1)}) << ", got " << Show(stats.snapshot())
      << ". Samples were lost: two add() calls overwrote each other's update.";
}

// Thread 0 reads count() and sum() while threads 1-3 add. Each may come from a different state,
// but each must be read safely (ThreadSanitizer watches) and may only grow.
TEST(StatsInvariant, CountAndSumAreSafeWhileOthersAdd) {
  Stats stats;
  bool went_down = false;  // only thread 0 touches these
  long last_count = 0;
  long last_sum = 0;
  std::pair<long, long> before_drop, after_drop;  // the first {count, sum} that went down
  racelab::RunConcurrently({.threads = kAdders + 1, .calls = kCalls}, [&](int thread, int) {
    if (thread != 0) {
      AddOneSample(stats);
      return;
    }
    racelab::ForcedInterleaving forced;
    const long count = stats.count();
    const long sum = stats.sum();
    if ((count < last_count || sum < last_sum) && !went_down) {
      before_drop = {last_count, last_sum};
      after_drop = {count, sum};
      went_down = true;
    }
    last_count = count;
    last_sum = sum;
  });
  EXPECT_FALSE(went_down) << "count() or sum() went down while samples of " << kValue
                          << " were added: from " << Show(before_drop) << " to " << Show(after_drop)
                          << ". A read saw a value older than the one before "
                          << "it, or an add() overwrote another's update.";
  EXPECT_EQ(stats.count(), kSamples)
      << "samples were lost: count() " << racelab::ExpectedGot(kSamples, stats.count()) << ".";
  EXPECT_EQ(stats.sum(), kValue * kSamples)
      << "samples were lost: sum() " << racelab::ExpectedGot(kValue * kSamples, stats.sum()) << ".";
}

}  // namespace
