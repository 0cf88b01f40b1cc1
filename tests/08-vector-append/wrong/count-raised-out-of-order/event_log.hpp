// A wrong fix: tbb::concurrent_vector and a count of written events, published with release and
// read with acquire. But each writer simply adds one to the count when its event is written. With
// two writers, writer A takes slot 5 and writer B slot 6; B finishes first and raises the count
// to 6, which tells readers that slot 5 is ready while A is still writing it. A data race.
// racelab-expects: data-race
#pragma once

#include <atomic>
#include <cstddef>

#include "tbb/concurrent_vector.h"

class EventLog {
 public:
  void append(long event) {
    events_.push_back(event);
    ready_.fetch_add(1, std::memory_order_release);
  }

  std::size_t size() const { return ready_.load(std::memory_order_acquire); }

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
