// A wrong fix: tbb::concurrent_vector and a count raised in order after each event is written,
// as in the right solution, but the count is stored and loaded with memory_order_relaxed. A
// relaxed atomic is safe to read and write from many threads, but it orders nothing else: a
// reader that sees a count of n is not guaranteed to see the n-th event written. A data race.
// racelab-expects: data-race
#pragma once

#include <atomic>
#include <cstddef>
#include <thread>

#include "tbb/concurrent_vector.h"

class EventLog {
 public:
  void append(long event) {
    const std::size_t slot = static_cast<std::size_t>(events_.push_back(event) - events_.begin());
    while (ready_.load(std::memory_order_relaxed) != slot) std::this_thread::yield();
    ready_.store(slot + 1, std::memory_order_relaxed);
  }

  std::size_t size() const { return ready_.load(std::memory_order_relaxed); }

  long at(std::size_t i) const { return events_[i]; }

  long sum_of_first(std::size_t n) const {
    long sum = 0;
    for (std::size_t i = 0; i < n; ++i) sum += events_[i];
    return sum;
  }

 private:
  tbb::concurrent_vector<long> events_;
  std::atomic<std::size_t> ready_{0};
};
