// A wrong fix: copy on write. The log is an immutable snapshot behind a shared_ptr; the lock
// guards only the pointer, so it is held for a moment: readers take the current snapshot and
// read it without the lock, and append() copies the snapshot outside the lock, adds the event,
// and swaps the copy in. No snapshot is changed once it is shared, so nothing races. But the
// copy and the swap are two steps: two writers can copy the same snapshot, and the one that
// swaps second throws away the other's event, a lost update.
// racelab-expects: wrong-result
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <numeric>
#include <utility>
#include <vector>

class EventLog {
 public:
  void append(long event) {
    auto next = std::make_shared<std::vector<long>>(*snapshot());
    next->push_back(event);
    std::lock_guard lock(mutex_);
    events_ = std::move(next);
  }

  std::size_t size() const { return snapshot()->size(); }

  long at(std::size_t i) const { return (*snapshot())[i]; }

  long sum_of_first(std::size_t n) const {
    const std::shared_ptr<const std::vector<long>> events = snapshot();
    return std::accumulate(events->begin(), events->begin() + static_cast<long>(n), 0L);
  }

 private:
  std::shared_ptr<const std::vector<long>> snapshot() const {
    std::lock_guard lock(mutex_);
    return events_;
  }

  mutable std::mutex mutex_;
  std::shared_ptr<const std::vector<long>> events_ = std::make_shared<std::vector<long>>();
};
