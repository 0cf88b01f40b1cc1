// A wrong fix of exercise 00: "std::jthread joins by itself". It does, in its destructor, and the
// destructors run at the end of the function, after the return value was computed: the slots are
// read while the threads still write them. And `partial`, declared after the workers, is
// destroyed before they are joined.
// racelab-expects: data-race or use-after-free or wrong-result
#pragma once

#include <cstddef>
#include <numeric>
#include <thread>
#include <vector>

inline long threaded_sum(const std::vector<long>& values, int threads) {
  const std::size_t count = static_cast<std::size_t>(threads);
  std::vector<std::jthread> workers;
  std::vector<long> partial(count, 0);
  for (std::size_t t = 0; t < count; ++t) {
    const long* begin = values.data() + values.size() * t / count;
    const long* end = values.data() + values.size() * (t + 1) / count;
    workers.emplace_back(
        [begin, end, slot = &partial[t]] { *slot = std::accumulate(begin, end, 0L); });
  }
  long total = 0;
  for (long sum : partial) total += sum;
  return total;
}
