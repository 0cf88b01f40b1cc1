// A wrong fix for 05: every access is locked, but the check (balance()) and the withdrawal are
// two critical sections. Two threads both pass the check for the same last coin and both
// withdraw it. No access races, so ThreadSanitizer is silent; the balances show it.
// racelab-expects: wrong-result
#pragma once

#include <cstddef>
#include <numeric>
#include <utility>
#include <vector>

#include "absl/synchronization/mutex.h"

class Bank {
 public:
  explicit Bank(std::vector<long> initial_balances) : balances_(std::move(initial_balances)) {}

  bool transfer(std::size_t from, std::size_t to, long amount) {
    if (balance(from) < amount) return false;
    absl::MutexLock lock(&mutex_);
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
  std::vector<long> balances_;
};
