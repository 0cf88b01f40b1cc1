// A wrong fix for 20: the body of tbb::parallel_reduce starts every chunk from 0 instead of from
// `partial`. TBB may hand one task several chunks in a row, passing each the sum so far; the
// body drops it, and those chunks' sums are lost. No data race: only the sum shows it.
// racelab-expects: wrong-result
#pragma once

#include <cstddef>
#include <functional>
#include <vector>

#include "tbb/blocked_range.h"
#include "tbb/parallel_reduce.h"

inline long parallel_sum(const std::vector<long>& values) {
  return tbb::parallel_reduce(
      tbb::blocked_range<std::size_t>(0, values.size()), 0L,
      [&](const tbb::blocked_range<std::size_t>& range, long) {
        long sum = 0;
        for (std::size_t i = range.begin(); i != range.end(); ++i) sum += values[i];
        return sum;
      },
      std::plus<long>());
}
