// A wrong fix of exercise 00: never start more threads than the machine has cores. Correctly
// joined, but a call asked for 8 threads starts 2 on a two-core machine: fewer than asked.
// racelab-expects: constraint
#pragma once

#include <algorithm>
#include <cstddef>
#include <numeric>
#include <thread>
#include <vector>

inline long threaded_sum(const std::vector<long>& values, int threads) {
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  const std::size_t count = static_cast<std::size_t>(std::min(threads, cores));
  std::vector<long> partial(count, 0);
  std::vector<std::thread> workers;
  for (std::size_t t = 0; t < count; ++t) {
    const long* begin = values.data() + values.size() * t / count;
    const long* end = values.data() + values.size() * (t + 1) / count;
    workers.emplace_back(
        [begin, end, slot = &partial[t]] { *slot = std::accumulate(begin, end, 0L); });
  }
  for (std::thread& worker : workers) worker.join();
  return std::accumulate(partial.begin(), partial.end(), 0L);
}
