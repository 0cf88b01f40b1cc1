// A wrong fix for 13: producers and consumers wait on one condition variable, and each change
// wakes one waiter. A pop() that frees a slot can wake another consumer instead of a waiting
// producer; that consumer finds the queue empty and waits again, and the producer never hears of
// the slot (a lost wake-up).
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
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [this] { return count_ < slots_.size(); });
    put(item);
    changed_.notify_one();
  }

  long pop() {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [this] { return count_ > 0; });
    const long item = take();
    changed_.notify_one();
    return item;
  }

  bool try_push(long item) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (count_ == slots_.size()) return false;
    put(item);
    changed_.notify_one();
    return true;
  }

  std::optional<long> try_pop() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (count_ == 0) return std::nullopt;
    const long item = take();
    changed_.notify_one();
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
  std::condition_variable changed_;  // producers and consumers both wait on it
  std::vector<long> slots_;
  std::size_t head_ = 0;
  std::size_t count_ = 0;
};
