// A wrong fix for 16: every access to free_ holds the lock, but acquire() waits for a free place
// in one critical section and takes it in a second one. Between the two, another thread can take
// that same place: no data race, yet too many users inside.
// racelab-expects: wrong-result
#pragma once

#include <condition_variable>
#include <mutex>

class Limiter {
 public:
  explicit Limiter(int max_users) : free_(max_users) {}

  void acquire() {
    {
      std::unique_lock<std::mutex> lock(mutex_);
      place_freed_.wait(lock, [this] { return free_ > 0; });
    }
    std::lock_guard<std::mutex> lock(mutex_);  // a place is free: take it
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
