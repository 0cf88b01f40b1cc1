// Tests of exercise 02: the Counter of exercise 01, made safe with an atomic instead of a lock.
//
// ThreadSanitizer catches a plain `long` touched by many threads. It does not catch an atomic
// updated in two steps (`count_.store(count_.load() + 1)`): every access is atomic, so there is
// no data race, yet increments are still lost. Only the count shows it, so in the counting test
// every thread gives up the processor right after each atomic load: another thread then always
// runs between such a load and its store, on one core as on many.
#include "counter.hpp"

#include <gtest/gtest.h>

#include <atomic>

#include "racelab/expected.hpp"
#include "racelab/run_concurrently.hpp"
#include "racelab/source_rules.hpp"

namespace {

constexpr int kThreads = 4;
constexpr int kCalls = 20'000;

// One thread alone: the counter counts.
TEST(CounterAtomic, CountsOnOneThread) {
  Counter counter;
  for (int i = 0; i < 1000; ++i) counter.increment();
  EXPECT_EQ(counter.value(), 1000)
      << "1000 increments on one thread: " << racelab::ExpectedGot(1000, counter.value())
      << ". Does increment() add exactly one, and value() return the count?";
}

// Four threads increment at once, yielding after every atomic load: not one increment may be
// lost.
TEST(CounterAtomic, CountsEveryIncrementFromManyThreads) {
  constexpr int kInterleavedCalls = 5'000;
  Counter counter;
  racelab::RunConcurrently({.threads = kThreads, .calls = kInterleavedCalls, .interleave = true},
                           [&](int, int) { counter.increment(); });
  const long lost = long{kThreads} * kInterleavedCalls - counter.value();
  EXPECT_EQ(lost, 0) << lost << " of " << kThreads * kInterleavedCalls
                     << " increments were lost. Two threads read the same old value and both "
                        "wrote it + 1: the read and the write must be one atomic step "
                        "(fetch_add), not an atomic load followed by an atomic store.";
}

// Thread 0 calls value() while threads 1-3 increment. value() reads count_ while others write
// it, so the read must be atomic too; and what it sees may only grow.
TEST(CounterAtomic, ValueIsSafeWhileOthersIncrement) {
  Counter counter;
  std::atomic<bool> went_down{false};
  long last_seen = 0;               // only thread 0 touches it
  long down_from = 0, down_to = 0;  // the first drop it saw
  racelab::RunConcurrently({.threads = kThreads, .calls = kCalls}, [&](int thread, int) {
    if (thread != 0) {
      counter.increment();
      return;
    }
    const long now = counter.value();
    if (now < last_seen && !went_down) {
      down_from = last_seen;
      down_to = now;
      went_down = true;
    }
    last_seen = now;
  });
  EXPECT_FALSE(went_down) << "value() went down, from " << down_from << " to " << down_to
                          << ", while other threads incremented: it read count_ while another "
                             "thread wrote it, or an increment wrote back a stale value (an "
                             "atomic load and a separate store instead of one fetch_add).";
  const long expected = long{kThreads - 1} * kCalls;
  EXPECT_EQ(counter.value(), expected)
      << "increments were lost: " << racelab::ExpectedGot(expected, counter.value())
      << ". Two threads read the same old value and both wrote it + 1.";
}

// The lesson is lock-free counting: no lock of any kind, not even one built by hand.
TEST(CounterAtomic, UsesNoLock) {
  racelab::ExpectNoneUsed(
      racelab::StudentFile("counter.hpp"),
      {"mutex", "Mutex", "shared_mutex", "recursive_mutex", "timed_mutex", "lock", "Lock",
       "lock_guard", "unique_lock", "scoped_lock", "MutexLock", "SpinLock", "spin_mutex",
       "atomic_flag", "pthread_mutex_t", "pthread_mutex_lock", "pthread_spin_lock",
       "binary_semaphore", "counting_semaphore"},
      "This is the lock-free version of exercise 01: no thread may wait for another. Make "
      "count_ a std::atomic<long> and increment it with fetch_add.");
}

// ... and an atomic is what replaces the lock.
TEST(CounterAtomic, UsesAnAtomic) {
  racelab::ExpectOneUsed(racelab::StudentFile("counter.hpp"), {"atomic", "atomic_ref"},
                         "Make count_ a std::atomic<long> (or update it through a "
                         "std::atomic_ref), so that each increment is one indivisible step.");
}

}  // namespace
