// A wrong fix for 20: correct, but a lock around every addition makes the workers wait for each
// other instead of summing. The tests reject it.
// racelab-expects: constraint
#pragma once

#include <cstddef>
#include <vector>

#include "tbb/blocked_range.h"
#include "tbb/parallel_for.h"
#include "tbb/spin_mutex.h"

inline long parallel_sum(const std::vector<long>& values) {
  long total = 0;
  tbb::spin_mutex mutex;
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, values.size()),
                    [&](const tbb::blocked_range<std::size_t>& range) {
                      for (std::size_t i = range.begin(); i != range.end(); ++i) {
                        tbb::spin_mutex::scoped_lock lock(mutex);
                        total += values[i];
                      }
                    });
  return total;
}
