// A wrong fix for 01: increment() and value() each lock a mutex, but not the same one. A lock
// only excludes threads that take that very lock: value() still reads while increment() writes.
// racelab-expects: data-race
#pragma once

#include <mutex>

class Counter {
 public:
  void increment() {
    std::lock_guard<std::mutex> lock(increment_mutex_);
    ++count_;
  }

  long value() const {
    std::lock_guard<std::mutex> lock(value_mutex_);
    return count_;
  }

 private:
  std::mutex increment_mutex_;
  mutable std::mutex value_mutex_;
  long count_ = 0;
};
