// Exercise 18, solved with std::atomic<bool>: test-and-test-and-set. exchange(true) sets the
// flag and returns the old value in one step, so only one thread sees `false` and takes the
// lock; acquire there pairs with the release store in unlock(). While the lock is taken, waiters
// only load the flag (the "test" before the "test-and-set"), and yield.
#pragma once

#include <atomic>
#include <thread>

class SpinLock {
 public:
  void lock() {
    for (;;) {
      if (!locked_.exchange(true, std::memory_order_acquire)) return;
      while (locked_.load(std::memory_order_relaxed)) std::this_thread::yield();
    }
  }

  bool try_lock() {
    // The load first: a lock that looks taken is not written at all.
    return !locked_.load(std::memory_order_relaxed) &&
           !locked_.exchange(true, std::memory_order_acquire);
  }

  void unlock() { locked_.store(false, std::memory_order_release); }

 private:
  std::atomic<bool> locked_{false};
};
