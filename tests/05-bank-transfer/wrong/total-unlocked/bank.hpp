// A wrong fix for 05: transfers are locked, but total() reads the balances without the lock,
// while transfers write them.
// racelab-expects: data-race
#pragma once

#include <cstddef>
#include <mutex>
#include <numeric>
#include <utility>
#include <vector>

class Bank {
 public:
  explicit Bank(std::vector<long> initial_balances) : balances_(std::move(initial_balances)) {}

  bool transfer(std::size_t from, std::size_t to, long amount) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (balances_[from] < amount) return false;
    balances_[from] -= amount;
    balances_[to] += amount;
    return true;
  }

  long balance(std::size_t account) const {
    std::lock_guard<std::mutex> lock(mutex_);
    return balances_[account];
  }

  long total() const { return std::accumulate(balances_.begin(), balances_.end(), 0L); }

 private:
  mutable std::mutex mutex_;
  std::vector<long> balances_;
};
