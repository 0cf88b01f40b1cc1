// Exercise 05, solved with one lock for the whole bank: a transfer checks and moves the money
// inside one critical section, and total() reads every account inside one too, so it can never
// see a transfer half done. Simple and correct; the cost is that transfers between unrelated
// accounts also wait for each other.
#pragma once

#include <cstddef>
#include <numeric>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

class Bank {
 public:
  explicit Bank(std::vector<long> initial_balances) : balances_(std::move(initial_balances)) {}

  bool transfer(std::size_t from, std::size_t to, long amount) {
    absl::MutexLock lock(&mutex_);  // the check and the move: one step for other threads
    if (balances_[from] < amount) return false;
    balances_[from] -= amount;
    balances_[to] += amount;
    return true;
  }

  long balance(std::size_t account) const {
    absl::MutexLock lock(&mutex_);
    return balances_[account];
  }

  long total() const {
    absl::MutexLock lock(&mutex_);
    return std::accumulate(balances_.begin(), balances_.end(), 0L);
  }

 private:
  mutable absl::Mutex mutex_;
  std::vector<long> balances_ ABSL_GUARDED_BY(mutex_);
};
