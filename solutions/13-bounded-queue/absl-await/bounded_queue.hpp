// Exercise 13, solved with absl::Mutex::Await. There is no condition variable to notify: Await
// takes the condition itself, and the mutex evaluates it again whenever a holder unlocks, so a
// waiter wakes only once its condition is true, and never misses a change.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

class BoundedQueue {
 public:
  explicit BoundedQueue(std::size_t capacity) : slots_(capacity) {}

  void push(long item) {
    absl::MutexLock lock(&mutex_);
    mutex_.Await(absl::Condition(this, &BoundedQueue::has_room));
    put(item);
  }

  long pop() {
    absl::MutexLock lock(&mutex_);
    mutex_.Await(absl::Condition(this, &BoundedQueue::has_items));
    return take();
  }

  bool try_push(long item) {
    absl::MutexLock lock(&mutex_);
    if (!has_room()) return false;
    put(item);
    return true;
  }

  std::optional<long> try_pop() {
    absl::MutexLock lock(&mutex_);
    if (!has_items()) return std::nullopt;
    return take();
  }

  std::size_t size() const {
    absl::MutexLock lock(&mutex_);
    return count_;
  }

 private:
  bool has_room() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) { return count_ < slots_.size(); }
  bool has_items() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) { return count_ > 0; }

  void put(long item) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) {
    slots_[(head_ + count_) % slots_.size()] = item;
    ++count_;
  }
  long take() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) {
    const long item = slots_[head_];
    head_ = (head_ + 1) % slots_.size();
    --count_;
    return item;
  }

  mutable absl::Mutex mutex_;
  std::vector<long> slots_ ABSL_GUARDED_BY(mutex_);
  std::size_t head_ ABSL_GUARDED_BY(mutex_) = 0;
  std::size_t count_ ABSL_GUARDED_BY(mutex_) = 0;
};
