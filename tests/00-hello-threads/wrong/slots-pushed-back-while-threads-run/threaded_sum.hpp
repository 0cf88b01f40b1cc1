// A wrong fix of exercise 00: the slot vector grows one slot per thread, as the threads start.
// A push_back that needs more room moves every slot to a new array and frees the old one, while
// the threads already started still hold pointers into it.
// racelab-expects: data-race or use-after-free or wrong-result
#pragma once

#include <cstddef>
#include <numeric>
#include <thread>
#include <vector>

inline long threaded_sum(const std::vector<long>& values, int threads) {
  const std::size_t count = static_cast<std::size_t>(threads);
  std::vector<long> partial;
  std::vector<std::thread> workers;
  for (std::size_t t = 0; t < count; ++t) {
    const long* begin = values.data() + values.size() * t / count;
    const long* end = values.data() + values.size() * (t + 1) / count;
    partial.push_back(0);
    workers.emplace_back(
        [begin, end, slot = &partial.back()] { *slot = std::accumulate(begin, end, 0L); });
  }
  for (std::thread& worker : workers) worker.join();
  return std::accumulate(partial.begin(), partial.end(), 0L);
}
