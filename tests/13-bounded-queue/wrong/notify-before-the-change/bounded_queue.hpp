// A wrong fix for 13: push() notifies first and adds its item afterwards. The consumer it wakes
// can look before the item is in, find the queue still empty, and go back to sleep: the notify
// is spent, and nothing wakes that consumer for this item (a lost wake-up).
// racelab-expects: deadlock
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
    not_empty_.notify_one();  // a consumer may wake: an item is on its way
    std::unique_lock<std::mutex> lock(mutex_);
    not_full_.wait(lock, [this] { return count_ < slots_.size(); });
    put(item);
  }

  long pop() {
    std::unique_lock<std::mutex> lock(mutex_);
    not_empty_.wait(lock, [this] { return count_ > 0; });
    const long item = take();
    not_full_.notify_one();
    return item;
  }

  bool try_push(long item) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (count_ == slots_.size()) return false;
    put(item);
    not_empty_.notify_one();
    return true;
  }

  std::optional<long> try_pop() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (count_ == 0) return std::nullopt;
    const long item = take();
    not_full_.notify_one();
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
