// A wrong fix of exercise 00: every slice has size values.size() / threads. Started, joined and
// race-free, but when the size does not divide evenly the values left over at the end are never
// summed. No sanitizer reports anything: only the result shows it.
// racelab-expects: wrong-result
#pragma once

#include <cstddef>
#include <numeric>
#include <thread>
#include <vector>

inline long threaded_sum(const std::vector<long>& values, int threads) {
  const std::size_t count = static_cast<std::size_t>(threads);
  const std::size_t chunk = values.size() / count;
  std::vector<long> partial(count, 0);
  std::vector<std::thread> workers;
  for (std::size_t t = 0; t < count; ++t) {
    const long* begin = values.data() + t * chunk;
    workers.emplace_back(
        [begin, chunk, slot = &partial[t]] { *slot = std::accumulate(begin, begin + chunk, 0L); });
  }
  for (std::thread& worker : workers) worker.join();
  return std::accumulate(partial.begin(), partial.end(), 0L);
}
