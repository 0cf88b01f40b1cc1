// Exercise 00, solved with std::jthread (C++20): a jthread joins in its destructor, so no thread
// can be left running by accident. The destructors must run *before* the slots are read, hence
// the inner block around the workers.
#pragma once

#include <cstddef>
#include <numeric>
#include <thread>
#include <vector>

inline long threaded_sum(const std::vector<long>& values, int threads) {
  const std::size_t count = static_cast<std::size_t>(threads);
  // Declared before the workers, so it also outlives them (destructors run in reverse order).
  std::vector<long> partial(count, 0);
  {
    std::vector<std::jthread> workers;
    workers.reserve(count);
    for (std::size_t t = 0; t < count; ++t) {
      const long* begin = values.data() + values.size() * t / count;
      const long* end = values.data() + values.size() * (t + 1) / count;
      long* slot = &partial[t];
      workers.emplace_back([begin, end, slot] { *slot = std::accumulate(begin, end, 0L); });
    }
  }  // every jthread is joined here, at the end of its scope
  return std::accumulate(partial.begin(), partial.end(), 0L);
}
