// A wrong fix for 20: correct, but every addition is an atomic read-modify-write on one shared
// total, so all workers queue up for one cache line a million times. The tests reject it.
// racelab-expects: constraint
#pragma once

#include <atomic>
#include <cstddef>
#include <vector>

#include "tbb/blocked_range.h"
#include "tbb/parallel_for.h"

inline long parallel_sum(const std::vector<long>& values) {
  std::atomic<long> total{0};
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, values.size()),
                    [&](const tbb::blocked_range<std::size_t>& range) {
                      for (std::size_t i = range.begin(); i != range.end(); ++i) {
                        total.fetch_add(values[i], std::memory_order_relaxed);
                      }
                    });
  return total.load();
}
