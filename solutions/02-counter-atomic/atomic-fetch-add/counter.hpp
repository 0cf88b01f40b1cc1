// Exercise 02, solved with std::atomic<long>: each increment is one indivisible read-modify-write,
// so no other thread can come between reading the old value and writing the new one.
#pragma once

#include <atomic>

class Counter {
 public:
  // fetch_add reads, adds and writes in one step. `count_.store(count_.load() + 1)` would be two
  // atomic steps with a gap between them, and lose updates just like `++` on a plain long.
  void increment() { count_.fetch_add(1); }

  // An atomic load never sees a half-written value.
  long value() const { return count_.load(); }

 private:
  std::atomic<long> count_{0};
};
