// A wrong fix for 13: each wait is checked twice, as if a wait could end without its change at
// most once. Two spurious wake-ups in a row, or a spurious one and then a notify whose item
// another consumer took first, and pop() takes from an empty queue all the same. The tests'
// spurious wake-up comes once per thread; the schedule explorer tries two.
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
    if (count_ == slots_.size()) not_full_.wait(lock);  // once more, after a spurious wake-up
    put(item);
    not_empty_.notify_one();
  }

  long pop() {
    std::unique_lock<std::mutex> lock(mutex_);
    if (count_ == 0) not_empty_.wait(lock);
    if (count_ == 0) not_empty_.wait(lock);  // once more, after a spurious wake-up
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
