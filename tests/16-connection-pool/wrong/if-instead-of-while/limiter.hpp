// A wrong fix for 16: the check and the act are under one lock now, but the wait is under an
// `if`. A wait can end without a place coming free (a spurious wake-up, or another thread that
// took the freed place first), and acquire() then takes a place that is not there.
// racelab-expects: wrong-result
#pragma once

#include <condition_variable>
#include <mutex>

class Limiter {
 public:
  explicit Limiter(int max_users) : free_(max_users) {}

  void acquire() {
    std::unique_lock<std::mutex> lock(mutex_);
    if (free_ == 0) place_freed_.wait(lock);
    --free_;
  }

  bool try_acquire() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (free_ == 0) return false;
    --free_;
    return true;
  }

  void release() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      ++free_;
    }
    place_freed_.notify_one();
  }

 private:
  std::mutex mutex_;
  std::condition_variable place_freed_;
  int free_;  // places nobody holds
};
