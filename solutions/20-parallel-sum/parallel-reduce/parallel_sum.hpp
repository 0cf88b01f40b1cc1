// Exercise 20, solved with tbb::parallel_reduce: every task sums its own chunk into a local
// variable, starting from the identity (0), and TBB adds the partial sums together, two at a
// time, after the tasks that made them are done. No two threads ever write the same variable.
#pragma once

#include <cstddef>
#include <functional>
#include <vector>

#include "tbb/blocked_range.h"
#include "tbb/parallel_reduce.h"

inline long parallel_sum(const std::vector<long>& values) {
  return tbb::parallel_reduce(
      tbb::blocked_range<std::size_t>(0, values.size()), 0L,
      // Sums one chunk, continuing from `partial`, the sum this task already has.
      [&](const tbb::blocked_range<std::size_t>& range, long partial) {
        for (std::size_t i = range.begin(); i != range.end(); ++i) partial += values[i];
        return partial;
      },
      std::plus<long>());  // combines two partial sums
}
