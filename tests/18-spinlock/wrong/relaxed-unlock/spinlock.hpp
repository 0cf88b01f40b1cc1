// A wrong fix: taking the lock acquires, but unlock() stores relaxed. Acquire receives only what
// a release published: the holder's writes are never published, so the next holder's reads of
// the guarded memory race with them.
// racelab-expects: data-race
#pragma once

#include <atomic>
#include <thread>

class SpinLock {
 public:
  void lock() {
    while (locked_.exchange(true, std::memory_order_acquire)) {
      while (locked_.load(std::memory_order_relaxed)) std::this_thread::yield();
    }
  }

  bool try_lock() { return !locked_.exchange(true, std::memory_order_acquire); }

  void unlock() { locked_.store(false, std::memory_order_relaxed); }

 private:
  std::atomic<bool> locked_{false};
};
