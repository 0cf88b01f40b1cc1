// A wrong fix of exercise 03: back to exercise 02, one std::atomic<long> that every thread
// increments. Correct, and no sanitizer report, but every increment is a read-modify-write on
// the one shared variable: it does not shard at all. The census of shared updates sees it.
// racelab-expects: constraint
#pragma once

#include <atomic>

class ShardedCounter {
 public:
  void increment() { count_.fetch_add(1, std::memory_order_relaxed); }
  long value() const { return count_.load(); }

 private:
  std::atomic<long> count_{0};
};
