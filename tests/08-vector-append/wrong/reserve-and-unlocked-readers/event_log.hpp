// A wrong fix: reserve room for many events up front, so that push_back never moves them, and
// let the readers read without a lock. No buffer is freed under a reader any more (as long as
// the reserve lasts), but push_back still writes the vector's size while size() reads it, and
// writes each event while a reader may read it: data races.
// racelab-expects: data-race or use-after-free
#pragma once

#include <cstddef>
#include <mutex>
#include <numeric>
#include <vector>

class EventLog {
 public:
  EventLog() { events_.reserve(1 << 16); }

  void append(long event) {
    std::lock_guard lock(mutex_);
    events_.push_back(event);
  }

  std::size_t size() const { return events_.size(); }

  long at(std::size_t i) const { return events_[i]; }

  long sum_of_first(std::size_t n) const {
    return std::accumulate(events_.begin(), events_.begin() + static_cast<long>(n), 0L);
  }

 private:
  std::mutex mutex_;
  std::vector<long> events_;
};
