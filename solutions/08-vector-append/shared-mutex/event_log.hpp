// Exercise 08, solved with a std::shared_mutex. append() holds it exclusively, so no reader is
// inside the vector while push_back changes its size or moves its elements to a bigger buffer.
// The readers hold it shared, so they read side by side and wait only while an append runs.
// Every event below a size() a reader has seen stays where it is: later appends only add
// behind it, and a move to a new buffer copies it along, under the exclusive lock.
#pragma once

#include <cstddef>
#include <mutex>
#include <numeric>
#include <shared_mutex>
#include <vector>

class EventLog {
 public:
  void append(long event) {
    std::unique_lock lock(mutex_);
    events_.push_back(event);
  }

  std::size_t size() const {
    std::shared_lock lock(mutex_);
    return events_.size();
  }

  long at(std::size_t i) const {
    std::shared_lock lock(mutex_);
    return events_[i];
  }

  // One shared lock for the whole sum: no append can move the elements while it adds them up.
  long sum_of_first(std::size_t n) const {
    std::shared_lock lock(mutex_);
    return std::accumulate(events_.begin(), events_.begin() + static_cast<long>(n), 0L);
  }

 private:
  mutable std::shared_mutex mutex_;  // shared: reading events_; exclusive: appending
  std::vector<long> events_;
};
