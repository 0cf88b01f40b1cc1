// A wrong fix: tbb::concurrent_vector alone. It never moves its elements, and push_back, size()
// and operator[] may all run at once. But push_back counts the new element in size() as soon as
// it has taken its slot, before the event is written into it: a reader can read a slot that is
// still being written. A data race.
// racelab-expects: data-race
#pragma once

#include <cstddef>

#include "tbb/concurrent_vector.h"

class EventLog {
 public:
  void append(long event) { events_.push_back(event); }

  std::size_t size() const { return events_.size(); }

  long at(std::size_t i) const { return events_[i]; }

  long sum_of_first(std::size_t n) const {
    long sum = 0;
    for (std::size_t i = 0; i < n; ++i) sum += events_[i];
    return sum;
  }

 private:
  tbb::concurrent_vector<long> events_;
};
