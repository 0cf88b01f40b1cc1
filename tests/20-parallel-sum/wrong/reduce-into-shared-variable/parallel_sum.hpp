// A wrong fix for 20: it calls tbb::parallel_reduce, but the body still adds into one variable
// shared by every task and returns it. The reduction is only a name here: the chunks still
// write the same memory at the same time.
// racelab-expects: data-race
#pragma once

#include <cstddef>
#include <functional>
#include <vector>

#include "tbb/blocked_range.h"
#include "tbb/parallel_reduce.h"

inline long parallel_sum(const std::vector<long>& values) {
  long total = 0;
  tbb::parallel_reduce(
      tbb::blocked_range<std::size_t>(0, values.size()), 0L,
      [&](const tbb::blocked_range<std::size_t>& range, long) {
        for (std::size_t i = range.begin(); i != range.end(); ++i) total += values[i];
        return total;
      },
      std::plus<long>());
  return total;
}
