// Exercise 03, solved with tbb::enumerable_thread_specific: one count per thread, created on the
// thread's first local() call, kept by TBB in a table inside this very counter (so every counter
// has its own). TBB pads each element to a cache line of its own, so neighbouring counts do not
// falsely share one.
#pragma once

#include <functional>

#include "tbb/enumerable_thread_specific.h"

class ShardedCounter {
 public:
  // local() finds the calling thread's own count (creating it, set to 0, on first use); no other
  // thread ever writes it, so a plain ++ is enough.
  void increment() { ++counts_.local(); }

  // Adds up every thread's count. Safe because the incrementing threads have finished: their
  // joins order all their writes before this read.
  long value() const { return counts_.combine(std::plus<long>()); }

 private:
  // mutable: combine() is not const in TBB, though it only reads.
  mutable tbb::enumerable_thread_specific<long> counts_{0L};
};
