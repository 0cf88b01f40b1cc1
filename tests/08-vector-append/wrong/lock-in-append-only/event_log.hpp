// A wrong fix: append() is locked, so two writers no longer collide, but the readers take no
// lock because "they only read". They read the vector's size and buffer while push_back writes
// them, and may be scanning the old buffer when push_back frees it.
// racelab-expects: data-race or use-after-free
#pragma once

#include <cstddef>
#include <mutex>
#include <numeric>
#include <vector>

class EventLog {
 public:
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
