// A wrong fix: a careful order. add() adds to the sum first and publishes the count with
// release; readers acquire the count first, then read the sum. This guarantees only that the
// sum includes every counted sample (sum >= value * count): samples added between the two
// loads are in the sum and not in the count. Still torn, still no data race.
// racelab-expects: wrong-result
#pragma once

#include <atomic>
#include <utility>

class Stats {
 public:
  void add(long sample) {
    sum_.fetch_add(sample, std::memory_order_relaxed);
    count_.fetch_add(1, std::memory_order_release);
  }

  long count() const { return count_.load(std::memory_order_acquire); }
  long sum() const { return sum_.load(std::memory_order_relaxed); }

  double mean() const {
    const auto [n, s] = snapshot();
    return n == 0 ? 0.0 : static_cast<double>(s) / static_cast<double>(n);
  }

  std::pair<long, long> snapshot() const {
    const long n = count_.load(std::memory_order_acquire);
    const long s = sum_.load(std::memory_order_relaxed);
    return {n, s};
  }

 private:
  std::atomic<long> count_{0};
  std::atomic<long> sum_{0};
};
