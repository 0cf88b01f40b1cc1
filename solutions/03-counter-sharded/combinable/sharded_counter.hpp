// Exercise 03, solved with tbb::combinable: the same per-thread counts as
// enumerable_thread_specific, behind a smaller interface made for exactly this, "each thread
// accumulates its own, combine at the end".
#pragma once

#include <functional>

#include "tbb/combinable.h"

class ShardedCounter {
 public:
  void increment() { ++counts_.local(); }  // this thread's own count, 0 on first use

  // After the incrementing threads have finished: add up all the threads' counts.
  long value() const { return counts_.combine(std::plus<long>()); }

 private:
  mutable tbb::combinable<long> counts_{[] { return 0L; }};  // combine() is not const
};
