// A wrong fix: exchange() makes taking the lock one step, so only one thread is inside at a time,
// but it is relaxed. The unlock's release store publishes the holder's writes, and nobody
// acquires them: the next holder reads the counter with nothing ordering the last holder's write
// before its read. ThreadSanitizer reports a data race on the guarded memory.
// racelab-expects: data-race
#pragma once

#include <atomic>
#include <thread>

class SpinLock {
 public:
  void lock() {
    while (locked_.exchange(true, std::memory_order_relaxed)) {
      while (locked_.load(std::memory_order_relaxed)) std::this_thread::yield();
    }
  }

  bool try_lock() { return !locked_.exchange(true, std::memory_order_relaxed); }

  void unlock() { locked_.store(false, std::memory_order_release); }

 private:
  std::atomic<bool> locked_{false};
};
