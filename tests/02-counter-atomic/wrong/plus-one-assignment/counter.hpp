// A wrong fix for 02: `count_ = count_ + 1` on an atomic reads it (one atomic step), adds, and
// writes it (a second atomic step): the same lost update as a load and a store.
// racelab-expects: wrong-result
#pragma once

#include <atomic>

class Counter {
 public:
  void increment() { count_ = count_ + 1; }
  long value() const { return count_; }

 private:
  std::atomic<long> count_{0};
};
