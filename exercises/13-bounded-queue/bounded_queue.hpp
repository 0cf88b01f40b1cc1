// Exercise 13: a bounded queue that hands items from producer threads to consumer threads.
//
// Producers push(), consumers pop(). The queue holds at most `capacity` items: push() waits
// while it is full, pop() waits while it is empty, and each of them wakes the other side when
// it changes the queue. A condition variable is how a thread sleeps until another one tells it
// that something changed.
//
// But a wait can end without the thing it waited for: a wait may wake up although nobody
// notified it (a *spurious* wake-up, which the standard allows), and when one notify wakes a
// consumer, another consumer can take the item before it gets the lock. Below, each wait is
// followed by the push or pop as if the queue had surely changed: a consumer can pop from an
// empty queue, a producer push into a full one.
//
// Task: make BoundedQueue right for many producers and consumers at once: push() and pop() block
// as long as they must, items come out in the order they went in, the queue never holds more
// than `capacity` items, and try_push()/try_pop() never block. Keep the public interface.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <optional>
#include <vector>

class BoundedQueue {
 public:
  explicit BoundedQueue(std::size_t capacity) : slots_(capacity) {}

  // Blocks while the queue is full.
  void push(long item) {
    std::unique_lock<std::mutex> lock(mutex_);
    if (count_ == slots_.size()) not_full_.wait(lock);  // wait for a free slot
    put(item);
    not_empty_.notify_one();
  }

  // Blocks while the queue is empty; items come out in the order they went in.
  long pop() {
    std::unique_lock<std::mutex> lock(mutex_);
    if (count_ == 0) not_empty_.wait(lock);  // wait for an item
    const long item = take();
    not_full_.notify_one();
    return item;
  }

  // Never blocks: false if the queue is full.
  bool try_push(long item) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (count_ == slots_.size()) return false;
    put(item);
    not_empty_.notify_one();
    return true;
  }

  // Never blocks: nothing if the queue is empty.
  std::optional<long> try_pop() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (count_ == 0) return std::nullopt;
    const long item = take();
    not_full_.notify_one();
    return item;
  }

  // The items in the queue now.
  std::size_t size() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return count_;
  }

 private:
  // A ring: the items are slots_[head_], slots_[head_ + 1], ... (wrapping around), count_ of them.
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
  std::condition_variable not_full_;   // a slot came free
  std::condition_variable not_empty_;  // an item came in
  std::vector<long> slots_;
  std::size_t head_ = 0;
  std::size_t count_ = 0;
};
