// A wrong fix for 16: the place comes back under the lock, but release() never notifies. A
// thread already asleep in acquire() is not woken, and waits for ever although a place is free.
// racelab-expects: deadlock
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
    std::lock_guard<std::mutex> lock(mutex_);
    ++free_;  // nobody is told: a thread asleep in acquire() sleeps on
  }

 private:
  std::mutex mutex_;
  std::condition_variable place_freed_;
  int free_;  // places nobody holds
};
