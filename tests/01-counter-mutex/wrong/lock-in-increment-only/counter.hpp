// A wrong fix for 01: increment() holds the lock, value() does not. value() still reads count_
// while other threads write it.
// racelab-expects: data-race
#pragma once

#include <mutex>

class Counter {
 public:
  void increment() {
    std::lock_guard<std::mutex> lock(mutex_);
    ++count_;
  }

  long value() const { return count_; }

 private:
  std::mutex mutex_;
  long count_ = 0;
};
