// A wrong fix: double-checked locking with a relaxed flag. Only one thread builds (the mutex and
// the second check see to that), but a thread that finds the flag true on the fast path never
// touches the mutex, and a relaxed load orders nothing: for that thread, the writes that built
// table_ need not have happened yet. ThreadSanitizer reports the read of table_ as a data race.
// racelab-expects: data-race
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
    if (!built_.load(std::memory_order_relaxed)) {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!built_.load(std::memory_order_relaxed)) {
        table_ = compute_();
        built_.store(true, std::memory_order_relaxed);
      }
    }
    return table_;
  }

 private:
  std::function<std::vector<long>()> compute_;
  std::vector<long> table_;
  std::atomic<bool> built_{false};
  std::mutex mutex_;
};
