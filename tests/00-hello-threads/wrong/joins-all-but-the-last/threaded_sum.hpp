// A wrong fix of exercise 00: an off-by-one in the join loop leaves the last thread unjoined.
// A std::thread that is still joinable when it is destroyed calls std::terminate(): the program
// aborts.
// racelab-expects: crash or data-race
#pragma once

#include <cstddef>
#include <numeric>
#include <thread>
#include <vector>

inline long threaded_sum(const std::vector<long>& values, int threads) {
  const std::size_t count = static_cast<std::size_t>(threads);
  std::vector<long> partial(count, 0);
  std::vector<std::thread> workers;
  for (std::size_t t = 0; t < count; ++t) {
    const long* begin = values.data() + values.size() * t / count;
    const long* end = values.data() + values.size() * (t + 1) / count;
    workers.emplace_back(
        [begin, end, slot = &partial[t]] { *slot = std::accumulate(begin, end, 0L); });
  }
  for (std::size_t t = 0; t + 1 < count; ++t) workers[t].join();
  return std::accumulate(partial.begin(), partial.end(), 0L);
}
