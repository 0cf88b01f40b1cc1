// Exercise 00, solved with std::thread and join(): start every thread first, so that they all
// run at the same time, then wait for each one before reading any slot.
#pragma once

#include <cstddef>
#include <numeric>
#include <thread>
#include <vector>

inline long threaded_sum(const std::vector<long>& values, int threads) {
  const std::size_t count = static_cast<std::size_t>(threads);
  std::vector<long> partial(count, 0);  // sized before any thread starts: the slots never move
  std::vector<std::thread> workers;
  workers.reserve(count);
  for (std::size_t t = 0; t < count; ++t) {
    const long* begin = values.data() + values.size() * t / count;
    const long* end = values.data() + values.size() * (t + 1) / count;
    long* slot = &partial[t];  // slot t belongs to thread t alone
    workers.emplace_back([begin, end, slot] { *slot = std::accumulate(begin, end, 0L); });
  }
  // join() returns once the thread has finished, and it orders everything the thread did before
  // what comes after the join: its write of partial[t] before our read of it.
  for (std::thread& worker : workers) worker.join();
  return std::accumulate(partial.begin(), partial.end(), 0L);
}
