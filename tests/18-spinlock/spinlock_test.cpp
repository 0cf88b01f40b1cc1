// Tests of exercise 18: SpinLock, a lock built from an atomic flag, used through
// std::lock_guard<SpinLock> as any mutex would be.
//
// A lock must do two things, and the tests check each on its own:
//   - one thread inside at a time. The threads count themselves in and out with atomics, and
//     the counter they guard is read and written in two relaxed atomic steps, like a plain ++:
//     two threads inside lose an update without a data race, so only the counts can tell. They
//     share one CPU and yield after every atomic load, so a lock that checks the flag and then
//     sets it in a second step lets another thread through that gap every run.
//   - order memory: what one holder wrote, the next holder sees. The threads take turns, one
//     after the other, so that the lock is never contended, and increment a plain counter under
//     it. Only the lock connects one holder to the next: ThreadSanitizer reports a data race on
//     the counter if taking the lock does not acquire what unlocking released.
#include "spinlock.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "racelab/expected.hpp"
#include "racelab/run_concurrently.hpp"
#include "racelab/source_rules.hpp"

namespace {

constexpr int kThreads = 4;

// One thread: lock() takes it, try_lock() fails while it is held and succeeds once it is free.
TEST(SpinLock, TakesAndGivesBackOnOneThread) {
  SpinLock lock;
  lock.lock();
  EXPECT_FALSE(lock.try_lock()) << "try_lock() succeeded while the lock was held: a held lock "
                                   "must stay held until unlock().";
  lock.unlock();
  EXPECT_TRUE(lock.try_lock()) << "try_lock() failed on a free lock (after lock() and unlock()).";
  EXPECT_FALSE(lock.try_lock()) << "try_lock() succeeded twice in a row without an unlock().";
  lock.unlock();
  {
    std::lock_guard<SpinLock> guard(lock);
    EXPECT_FALSE(lock.try_lock()) << "try_lock() succeeded inside a std::lock_guard<SpinLock>.";
  }
  EXPECT_TRUE(lock.try_lock()) << "the lock was still held after the std::lock_guard ended.";
  lock.unlock();
}

// Four threads, 1,000 turns each, half through lock() (std::lock_guard) and half through a
// try_lock() loop: never two inside at once, no update lost, and every thread finishes its share.
TEST(SpinLock, OneThreadInsideAtATime) {
  constexpr int kCalls = 1'000;
  SpinLock lock;
  std::atomic<int> inside{0};
  std::atomic<long> overlaps{0};  // times a thread came in and found another inside
  std::atomic<long> count{0};     // read, then written: two steps, as a plain ++ takes
  racelab::RunConcurrently(
      {.threads = kThreads, .calls = kCalls, .interleave = true}, [&](int, int call) {
        if (call % 2 == 1) {
          while (!lock.try_lock()) std::this_thread::yield();
        } else {
          lock.lock();
        }
        std::lock_guard<SpinLock> guard(lock, std::adopt_lock);
        if (inside.fetch_add(1, std::memory_order_relaxed) != 0) {
          overlaps.fetch_add(1, std::memory_order_relaxed);
        }
        count.store(count.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
        inside.fetch_sub(1, std::memory_order_relaxed);
      });
  EXPECT_EQ(overlaps.load(), 0)
      << overlaps.load() << " times a thread took the lock while another thread held it. Taking "
      << "the lock must be one indivisible step (exchange, test_and_set): a flag read in one step "
      << "and set in another lets a second thread read it in between and walk in too.";
  const long expected = long{kThreads} * kCalls;
  EXPECT_EQ(count.load(), expected)
      << "updates made under the lock were lost: " << racelab::ExpectedGot(expected, count.load())
      << ". Two threads were inside at once and both wrote the same old value + 1.";
}

// Four threads take turns, 2,000 each: thread t's call i is turn 4 * i + t, and a thread waits
// for its turn on a relaxed atomic, which orders nothing. Each turn increments a plain counter
// under the lock: only the lock orders one holder's write before the next holder's read.
TEST(SpinLock, NextHolderSeesWhatTheLastOneWrote) {
  constexpr int kCalls = 2'000;
  SpinLock lock;
  std::atomic<long> turn{0};
  long count = 0;  // guarded by lock
  racelab::RunConcurrently({.threads = kThreads, .calls = kCalls}, [&](int thread, int call) {
    const long mine = long{kThreads} * call + thread;
    while (turn.load(std::memory_order_relaxed) != mine) std::this_thread::yield();
    {
      std::lock_guard<SpinLock> guard(lock);
      ++count;
    }
    turn.store(mine + 1, std::memory_order_relaxed);
  });
  const long expected =
      long{kThreads} * kCalls;  // the threads have joined: count is theirs no more
  EXPECT_EQ(count, expected) << "the counter guarded by the lock is wrong: "
                             << racelab::ExpectedGot(expected, count) << ".";
}

// The lesson is the lock itself: built from an atomic, not borrowed from a library.
TEST(SpinLock, BuiltFromAnAtomic) {
  const racelab::SourceFile file = racelab::StudentFile("spinlock.hpp");
  racelab::ExpectNoneUsed(
      file,
      {"mutex", "Mutex", "shared_mutex", "recursive_mutex", "timed_mutex", "absl", "tbb",
       "spin_mutex", "pthread_mutex_t", "pthread_mutex_lock", "pthread_spinlock_t",
       "pthread_spin_lock", "binary_semaphore", "counting_semaphore", "condition_variable"},
      "This exercise builds the lock: make it from a std::atomic<bool> or a std::atomic_flag, "
      "not from a std::mutex, an Abseil or TBB lock, or a semaphore.");
  racelab::ExpectOneUsed(file, {"atomic", "atomic_flag", "atomic_ref"},
                         "Build the lock from an atomic flag: std::atomic<bool> with exchange(), "
                         "or std::atomic_flag with test_and_set().");
}

}  // namespace
