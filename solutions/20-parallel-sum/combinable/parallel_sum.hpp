// Exercise 20, solved with tbb::combinable: every worker thread gets a sum of its own, created on
// first use, and adds its chunks into it. Once the loop is over, combine() adds the per-thread
// sums together. No two threads ever write the same variable.
#pragma once

#include <cstddef>
#include <functional>
#include <vector>

#include "tbb/blocked_range.h"
#include "tbb/combinable.h"
#include "tbb/parallel_for.h"

inline long parallel_sum(const std::vector<long>& values) {
  tbb::combinable<long> sums([] { return 0L; });  // each thread's sum starts at 0
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, values.size()),
                    [&](const tbb::blocked_range<std::size_t>& range) {
                      long& sum = sums.local();  // this thread's own sum
                      for (std::size_t i = range.begin(); i != range.end(); ++i) sum += values[i];
                    });
  return sums.combine(std::plus<long>());  // after the loop: no worker writes any more
}
