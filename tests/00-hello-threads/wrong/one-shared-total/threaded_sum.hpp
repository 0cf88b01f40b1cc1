// A wrong fix of exercise 00: no slots, every thread adds its slice straight into one total.
// The threads are joined, but `total += sum` is a load, an add and a store, and two threads
// doing it at once lose one of the additions.
// racelab-expects: data-race or wrong-result
#pragma once

#include <cstddef>
#include <numeric>
#include <thread>
#include <vector>

inline long threaded_sum(const std::vector<long>& values, int threads) {
  const std::size_t count = static_cast<std::size_t>(threads);
  long total = 0;
  std::vector<std::thread> workers;
  for (std::size_t t = 0; t < count; ++t) {
    const long* begin = values.data() + values.size() * t / count;
    const long* end = values.data() + values.size() * (t + 1) / count;
    workers.emplace_back([begin, end, &total] { total += std::accumulate(begin, end, 0L); });
  }
  for (std::thread& worker : workers) worker.join();
  return total;
}
