// Exercise 18, solved with std::atomic_flag, the one atomic type that is lock-free everywhere.
// test_and_set() sets the flag and returns what it was, in one indivisible step: only the thread
// that found it clear has the lock. Acquire on taking it, release on clear(): what the last
// holder wrote is visible to the next.
#pragma once

#include <atomic>
#include <thread>

class SpinLock {
 public:
  void lock() {
    while (flag_.test_and_set(std::memory_order_acquire)) {
      // Taken: wait with plain reads until it looks free, so that waiting threads do not keep
      // writing the flag's cache line, and let the holder run meanwhile.
      while (flag_.test(std::memory_order_relaxed)) std::this_thread::yield();
    }
  }

  bool try_lock() { return !flag_.test_and_set(std::memory_order_acquire); }

  void unlock() { flag_.clear(std::memory_order_release); }

 private:
  std::atomic_flag flag_;  // clear from the start (C++20)
};
