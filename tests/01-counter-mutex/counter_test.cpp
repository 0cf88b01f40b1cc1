// Tests of exercise 01: a Counter shared by many threads, made safe with a lock.
//
// ThreadSanitizer watches every test: an access to count_ that no lock orders against another
// thread's write fails the exercise as a data race, even when the numbers come out right.
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
TEST(CounterMutex, CountsOnOneThread) {
  Counter counter;
  for (int i = 0; i < 1000; ++i) counter.increment();
  EXPECT_EQ(counter.value(), 1000)
      << "1000 increments on one thread: " << racelab::ExpectedGot(1000, counter.value())
      << ". Does increment() add exactly one, and value() return the count?";
}

// Four threads increment at once: not one increment may be lost. Each thread gives up the
// processor after every unlock, so an increment whose read and write are two critical sections
// loses updates here on one core as on many.
TEST(CounterMutex, CountsEveryIncrementFromManyThreads) {
  constexpr int kInterleavedCalls = 5'000;
  Counter counter;
  racelab::RunConcurrently({.threads = kThreads, .calls = kInterleavedCalls, .interleave = true},
                           [&](int, int) { counter.increment(); });
  const long expected = long{kThreads} * kInterleavedCalls;
  EXPECT_EQ(counter.value(), expected)
      << "increments were lost: " << racelab::ExpectedGot(expected, counter.value())
      << ". Two threads read the same old value and both wrote it + 1: the read and the write "
         "of one increment must be in one critical section.";
}

// Thread 0 calls value() while threads 1-3 increment. value() reads count_ while others write
// it, so it needs the lock too; and what it sees may only grow.
TEST(CounterMutex, ValueIsSafeWhileOthersIncrement) {
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
                             "thread wrote it, or an increment wrote back a stale value (its "
                             "read and its write were not one critical section).";
  const long expected = long{kThreads - 1} * kCalls;
  EXPECT_EQ(counter.value(), expected)
      << "increments were lost: " << racelab::ExpectedGot(expected, counter.value())
      << ". Two threads read the same old value and both wrote it + 1.";
}

// The lesson is locks (exercise 02 is the lock-free one).
TEST(CounterMutex, UsesALock) {
  racelab::ExpectOneUsed(racelab::StudentFile("counter.hpp"), {"mutex", "Mutex", "shared_mutex"},
                         "This exercise is about locks: guard count_ with a std::mutex or an "
                         "absl::Mutex.");
}

}  // namespace
