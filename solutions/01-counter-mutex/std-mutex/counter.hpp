// Exercise 01, solved with std::mutex.
#pragma once

#include <mutex>

class Counter {
 public:
  void increment() {
    std::lock_guard<std::mutex> lock(mutex_);  // a named guard: held until the end of the scope
    ++count_;
  }

  long value() const {
    std::lock_guard<std::mutex> lock(mutex_);  // reads need the lock too
    return count_;
  }

 private:
  mutable std::mutex mutex_;  // mutable: value() is const but still locks
  long count_ = 0;            // guarded by mutex_
};
