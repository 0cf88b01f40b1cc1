// Exercise 06, solved by hand: double-checked locking with an atomic flag.
//
// The fast path, once the table is built, is a single acquire load: no lock. The slow path
// takes a mutex, so that only one thread builds, and checks again under it, because another
// thread may have built the table while this one waited for the lock.
#pragma once

#include <atomic>
#include <functional>
#include <mutex>
#include <utility>
#include <vector>

class LazyTable {
 public:
  explicit LazyTable(std::function<std::vector<long>()> compute) : compute_(std::move(compute)) {}

  const std::vector<long>& get() {
    // Acquire pairs with the release store below: a thread that sees true also sees every
    // write that built table_. A relaxed load would return true without that guarantee, and
    // the caller could read a table that, for this thread, is still half built.
    if (!built_.load(std::memory_order_acquire)) {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!built_.load(std::memory_order_relaxed)) {  // the mutex already orders this check
        table_ = compute_();
        built_.store(true, std::memory_order_release);  // publish: only after table_ is complete
      }
    }
    return table_;
  }

 private:
  std::function<std::vector<long>()> compute_;
  std::vector<long> table_;  // written once, under mutex_, before built_ becomes true
  std::atomic<bool> built_{false};
  std::mutex mutex_;
};
