// A wrong fix of exercise 03: tbb::combinable for the counts, but value() returns local(), the
// count of the thread that calls value(), instead of combining all of them. No race, no
// sanitizer report: only the totals show it.
// racelab-expects: wrong-result
#pragma once

#include "tbb/combinable.h"

class ShardedCounter {
 public:
  void increment() { ++counts_.local(); }
  long value() const { return counts_.local(); }

 private:
  mutable tbb::combinable<long> counts_{[] { return 0L; }};
};
