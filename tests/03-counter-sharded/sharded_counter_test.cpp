// Tests of exercise 03: a ShardedCounter, in which every thread counts in a shard of its own.
//
// ThreadSanitizer watches every test: two threads that take the same shard, or the same slot
// index, race on it, even when the totals happen to come out right. The totals catch shards
// that several counters share. A census of shared updates (racelab/shared_updates.hpp) sees a
// counter that is not sharded at all: one atomic or one lock updated by every thread on every
// increment, however it is spelled.
#include "sharded_counter.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstddef>
#include <cstdint>

#include "racelab/category.hpp"
#include "racelab/expected.hpp"
#include "racelab/run_concurrently.hpp"
#include "racelab/shared_updates.hpp"

namespace {

constexpr int kThreads = 16;

// One thread alone: a counter counts, and two counters used in turn each count their own.
TEST(CounterSharded, CountsOnOneThread) {
  ShardedCounter counter;
  for (int i = 0; i < 1'000; ++i) counter.increment();
  EXPECT_EQ(counter.value(), 1'000)
      << "1000 increments on one thread: " << racelab::ExpectedGot(1'000, counter.value())
      << ". Does value() add up every shard?";

  ShardedCounter a;
  ShardedCounter b;
  for (int i = 0; i < 1'000; ++i) (i % 4 == 0 ? a : b).increment();
  EXPECT_EQ(a.value(), 250) << "counter a, of two used by one thread: "
                            << racelab::ExpectedGot(250, a.value())
                            << ". Each counter needs shards of its own.";
  EXPECT_EQ(b.value(), 750) << "counter b, of two used by one thread: "
                            << racelab::ExpectedGot(750, b.value())
                            << ". Each counter needs shards of its own.";
}

// Sixteen threads increment one counter at once, with a fresh counter in each of three rounds.
// Every thread yields right after each atomic load (forced interleaving), so a shard index
// handed out with a load and a separate store goes to two threads, on one core as on many.
TEST(CounterSharded, CountsEveryIncrementFromManyThreads) {
  constexpr int kCalls = 1'000;
  for (int round = 1; round <= 3 && !HasFailure(); ++round) {
    ShardedCounter counter;
    racelab::RunConcurrently({.threads = kThreads, .calls = kCalls, .interleave = true},
                             [&](int, int) { counter.increment(); });
    const long lost = long{kThreads} * kCalls - counter.value();
    EXPECT_EQ(lost, 0) << "round " << round << ": " << lost << " of " << kThreads * kCalls
                       << " increments were lost. Two threads counted in the same shard: was "
                          "the same shard index handed out twice?";
  }
}

// Eight counters, used one after the other by the same sixteen threads: all threads count in
// counter 0 first, then all of them in counter 1, and so on. Each counter counts only its own
// increments: shards that all counters share would make every counter count them all.
TEST(CounterSharded, CountersUsedOneAfterAnother) {
  constexpr int kCounters = 8;
  constexpr int kCallsEach = 500;  // per thread and counter
  std::array<ShardedCounter, kCounters> counters;
  racelab::RunConcurrently({.threads = kThreads, .calls = kCounters * kCallsEach},
                           [&](int, int call) { counters[call / kCallsEach].increment(); });
  for (int c = 0; c < kCounters; ++c) {
    EXPECT_EQ(counters[c].value(), long{kThreads} * kCallsEach)
        << "counter " << c << " of " << kCounters << ": "
        << racelab::ExpectedGot(long{kThreads} * kCallsEach, counters[c].value())
        << ". More means it counted other counters' increments, less that it lost some: every "
           "counter needs shards of its own.";
  }
}

// Four counters used at the same time: thread t increments counters t, t+1, t+2, t+3, t, ...
// (mod 4), so the threads do not all meet the counters in the same order. A thread's shard index
// in one counter says nothing about its shard in another: an index that a thread takes once and
// then uses in every counter lands in a shard that another thread took in that counter.
TEST(CounterSharded, CountersUsedAtOnce) {
  constexpr int kCounters = 4;
  constexpr int kCalls = 4'000;
  std::array<ShardedCounter, kCounters> counters;
  racelab::RunConcurrently({.threads = kThreads, .calls = kCalls}, [&](int thread, int call) {
    counters[static_cast<std::size_t>((thread + call) % kCounters)].increment();
  });
  for (int c = 0; c < kCounters; ++c) {
    EXPECT_EQ(counters[c].value(), long{kThreads} * kCalls / kCounters)
        << "counter " << c << " of " << kCounters << " used at the same time: "
        << racelab::ExpectedGot(long{kThreads} * kCalls / kCounters, counters[c].value())
        << ". A thread needs a shard of its own in every counter, not one index for all of them.";
  }
}

// The point of sharding: no variable that all threads update on every increment. The census
// counts, for every variable, the atomic read-modify-writes (fetch_add, ++ on an atomic,
// exchange, compare_exchange, ...) and lock acquisitions made inside increment(). Handing out
// shards needs a few per thread; a shared atomic count or a lock around one count needs one per
// call.
TEST(CounterSharded, NoSharedUpdateOnEveryIncrement) {
  constexpr int kCalls = 2'000;
  constexpr long kTotal = long{kThreads} * kCalls;
  std::array<ShardedCounter, 2> counters;
  racelab::UpdateCensus census;
  racelab::RunConcurrently({.threads = kThreads, .calls = kCalls}, [&](int thread, int call) {
    racelab::UpdateCensus::Counted counted;
    counters[static_cast<std::size_t>((thread + call) % 2)].increment();
  });
  const racelab::SharedUpdates busiest = census.Busiest();
  EXPECT_LT(busiest.updates, kTotal / 10)
      << racelab::kConstraint << "in " << kTotal << " calls of increment() on " << kThreads
      << " threads, one variable (at 0x" << std::hex << busiest.address << std::dec << ") got "
      << busiest.updates << " updates (" << busiest.operation << ", ...) from " << busiest.threads
      << " threads: on nearly every increment, all threads update one shared variable, a shared "
         "atomic count or a lock around one count. That is exercises 01 and 02 again; sharding "
         "means each thread counts in a shard of its own, with no atomic read-modify-write or "
         "lock that other threads also use.";
  EXPECT_EQ(counters[0].value() + counters[1].value(), kTotal)
      << "increments were lost: "
      << racelab::ExpectedGot(kTotal, counters[0].value() + counters[1].value())
      << ". Two threads counted in the same shard at once.";
}

}  // namespace
