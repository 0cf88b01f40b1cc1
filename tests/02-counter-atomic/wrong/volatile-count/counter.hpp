// A wrong fix for 02: `volatile` only stops the compiler from caching count_ in a register. It
// makes nothing atomic and orders nothing between threads.
// racelab-expects: data-race
#pragma once

class Counter {
 public:
  void increment() { count_ = count_ + 1; }
  long value() const { return count_; }

 private:
  volatile long count_ = 0;
};
