// Exercise 13, solved with oneTBB's tbb::concurrent_bounded_queue, which is this very queue:
// push() blocks while it is full, pop() while it is empty, try_push() and try_pop() never block.
//
// One difference: its size() counts the calls waiting too (pushes minus pops, so it goes
// negative while consumers wait for an item, and above the capacity while producers wait for a
// slot). The items really in the queue are that number kept within [0, capacity].
#pragma once

#include <algorithm>
#include <cstddef>
#include <optional>

#include "tbb/concurrent_queue.h"

class BoundedQueue {
 public:
  explicit BoundedQueue(std::size_t capacity) : capacity_(static_cast<std::ptrdiff_t>(capacity)) {
    queue_.set_capacity(capacity_);
  }

  void push(long item) { queue_.push(item); }

  long pop() {
    long item = 0;
    queue_.pop(item);
    return item;
  }

  bool try_push(long item) { return queue_.try_push(item); }

  std::optional<long> try_pop() {
    long item = 0;
    if (!queue_.try_pop(item)) return std::nullopt;
    return item;
  }

  std::size_t size() const {
    return static_cast<std::size_t>(std::clamp<std::ptrdiff_t>(queue_.size(), 0, capacity_));
  }

 private:
  const std::ptrdiff_t capacity_;
  tbb::concurrent_bounded_queue<long> queue_;
};
