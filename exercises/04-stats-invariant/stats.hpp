// Exercise 04: running statistics whose two numbers must change together.
//
// Many threads add samples while others read the count, the sum and the mean. count_ and sum_
// are atomic, so no single read or write races. But a sample is added in two steps, and the
// readers read the two numbers in two steps: a sample added in between is in one of the numbers
// they return and not in the other. snapshot() then returns a pair of numbers that were never
// the count and the sum at the same moment, and mean() divides the sum of one moment by the
// count of another.
//
// Task: make every call see the count and the sum of one and the same state, while many
// threads add at once. Keep the public interface as it is.
#pragma once

#include <atomic>
#include <utility>

class Stats {
 public:
  // Called by many threads at once.
  void add(long sample) {
    count_.fetch_add(1, std::memory_order_relaxed);
    sum_.fetch_add(sample, std::memory_order_relaxed);
  }

  // These are called while other threads still add.
  long count() const { return count_.load(std::memory_order_relaxed); }
  long sum() const { return sum_.load(std::memory_order_relaxed); }

  // The mean of the samples added so far; 0 when there are none.
  double mean() const {
    const long n = count();
    return n == 0 ? 0.0 : static_cast<double>(sum()) / static_cast<double>(n);
  }

  // {count, sum}
  std::pair<long, long> snapshot() const { return {count(), sum()}; }

 private:
  std::atomic<long> count_{0};
  std::atomic<long> sum_{0};
};
