// A wrong fix for 02: count_ is atomic, but an increment is an atomic load and then a separate
// atomic store. Another thread can increment between the two, and its increment is overwritten.
// Every access is atomic, so ThreadSanitizer is silent; only the count shows it.
// racelab-expects: wrong-result
#pragma once

#include <atomic>

class Counter {
 public:
  void increment() { count_.store(count_.load() + 1); }
  long value() const { return count_.load(); }

 private:
  std::atomic<long> count_{0};
};
