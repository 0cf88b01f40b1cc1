// A wrong fix for 13: every waiter is woken now (notify_all), but each wait is still under an
// `if`. A wait can end without the change it waited for (a spurious wake-up, or another consumer
// that took the item first), and then pop() takes from an empty queue, push() adds to a full one.
// racelab-expects: wrong-result
#pragma once

#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <optional>
#include <vector>

class BoundedQueue {
 public:
  explicit BoundedQueue(std::size_t capacity) : slots_(capacity) {}

  void push(long item) {
    std::unique_lock<std::mutex> lock(mutex_);
    if (count_ == slots_.size()) not_full_.wait(lock);
    put(item);
    not_empty_.notify_all();
  }

  long pop() {
    std::unique_lock<std::mutex> lock(mutex_);
    if (count_ == 0) not_empty_.wait(lock);
    const long item = take();
    not_full_.notify_all();
    return item;
  }

  bool try_push(long item) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (count_ == slots_.size()) return false;
    put(item);
    not_empty_.notify_all();
    return true;
  }

  std::optional<long> try_pop() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (count_ == 0) return std::nullopt;
    const long item = take();
    not_full_.notify_all();
    return item;
  }

  std::size_t size() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return count_;
  }

 private:
  void put(long item) {
    slots_[(head_ + count_) % slots_.size()] = item;
    ++count_;
  }
  long take() {
    const long item = slots_[head_];
    head_ = (head_ + 1) % slots_.size();
    --count_;
    return item;
  }

  mutable std::mutex mutex_;
  std::condition_variable not_full_;
  std::condition_variable not_empty_;
  std::vector<long> slots_;
  std::size_t head_ = 0;
  std::size_t count_ = 0;
};
