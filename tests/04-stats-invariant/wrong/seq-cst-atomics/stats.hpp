// A wrong fix: the starter's two atomics, with the default (sequentially consistent) memory
// order instead of relaxed. Stronger ordering does not make two loads one: a sample can still
// be added between the load of count_ and the load of sum_. No data race, so ThreadSanitizer
// is silent; the torn snapshots show in the numbers.
// racelab-expects: wrong-result
#pragma once

#include <atomic>
#include <utility>

class Stats {
 public:
  void add(long sample) {
    count_.fetch_add(1);
    sum_.fetch_add(sample);
  }

  long count() const { return count_.load(); }
  long sum() const { return sum_.load(); }

  double mean() const {
    const long n = count_.load();
    return n == 0 ? 0.0 : static_cast<double>(sum_.load()) / static_cast<double>(n);
  }

  std::pair<long, long> snapshot() const { return {count_.load(), sum_.load()}; }

 private:
  std::atomic<long> count_{0};
  std::atomic<long> sum_{0};
};
