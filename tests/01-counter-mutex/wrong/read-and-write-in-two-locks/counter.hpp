// A wrong fix for 01: every access holds the lock, but the read and the write of an increment
// are two critical sections. Another thread can increment between them, and that increment is
// overwritten. No access races, so ThreadSanitizer is silent; only the count shows it.
// racelab-expects: wrong-result
#pragma once

#include <mutex>

class Counter {
 public:
  void increment() { set(value() + 1); }

  long value() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return count_;
  }

 private:
  void set(long count) {
    std::lock_guard<std::mutex> lock(mutex_);
    count_ = count;
  }

  mutable std::mutex mutex_;
  long count_ = 0;
};
