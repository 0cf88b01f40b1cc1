// A wrong fix for 02: correct, but with a lock, which this exercise forbids.
// racelab-expects: constraint
#pragma once

#include <mutex>

class Counter {
 public:
  void increment() {
    std::lock_guard<std::mutex> lock(mutex_);
    ++count_;
  }

  long value() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return count_;
  }

 private:
  mutable std::mutex mutex_;
  long count_ = 0;
};
