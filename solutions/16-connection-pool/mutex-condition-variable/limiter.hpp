// Exercise 16, solved with a mutex and a condition variable: the check ("is a place free?")
// and the act (take it) happen under one lock, so no other thread can slip in between. A
// thread that finds no place sleeps until release() gives one back, and checks again when it
// wakes (the wait with a predicate loops).
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
