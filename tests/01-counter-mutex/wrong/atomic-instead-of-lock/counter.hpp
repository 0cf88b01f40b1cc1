// A wrong fix for 01: correct, but with an atomic instead of a lock. That is exercise 02's
// lesson; this one is about locks.
// racelab-expects: constraint
#pragma once

#include <atomic>

class Counter {
 public:
  void increment() { count_.fetch_add(1); }
  long value() const { return count_.load(); }

 private:
  std::atomic<long> count_{0};
};
