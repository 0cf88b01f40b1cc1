// A wrong fix for 16: release() gives the place back without the lock, as if one increment
// could not go wrong. It races with acquire() and try_acquire(), which read and write the same
// count under the mutex.
// racelab-expects: data-race
#pragma once

#include <condition_variable>
#include <mutex>

class Limiter {
 public:
  explicit Limiter(int max_users) : free_(max_users) {}

  void acquire() {
    std::unique_lock<std::mutex> lock(mutex_);
    place_freed_.wait(lock, [this] { return free_ > 0; });
    --free_;
  }

  bool try_acquire() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (free_ == 0) return false;
    --free_;
    return true;
  }

  void release() {
    ++free_;  // "just one increment": but acquire() reads and writes free_ under the mutex
    place_freed_.notify_one();
  }

 private:
  std::mutex mutex_;
  std::condition_variable place_freed_;
  int free_;  // places nobody holds
};
