// A wrong fix of exercise 03: back to exercise 01, one count behind one std::mutex. Correct, but
// every increment takes the lock that all threads take.
// racelab-expects: constraint
#pragma once

#include <mutex>

class ShardedCounter {
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
