// A wrong fix: every access is locked, and snapshot() takes both numbers under one lock, but
// mean() is sum() / count(): two critical sections, with a gap between them in which other
// threads add. No data race; mean() is wrong when a sample lands in the gap.
// racelab-expects: wrong-result
#pragma once

#include <mutex>
#include <utility>

class Stats {
 public:
  void add(long sample) {
    std::lock_guard<std::mutex> lock(mutex_);
    ++count_;
    sum_ += sample;
  }

  long count() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return count_;
  }

  long sum() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return sum_;
  }

  double mean() const {
    const long s = sum();
    const long n = count();
    return n == 0 ? 0.0 : static_cast<double>(s) / static_cast<double>(n);
  }

  std::pair<long, long> snapshot() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return {count_, sum_};
  }

 private:
  mutable std::mutex mutex_;
  long count_ = 0;
  long sum_ = 0;
};
