// A wrong fix for 05: per-account locks in a fixed order for transfers (right), but total()
// holds only one account's lock at a time. It can add up account a after a transfer took money
// out of it and account b before the money arrived: the total is off, with no data race.
// racelab-expects: wrong-result
#pragma once

#include <algorithm>
#include <cstddef>
#include <mutex>
#include <vector>

class Bank {
 public:
  explicit Bank(std::vector<long> initial_balances) : accounts_(initial_balances.size()) {
    for (std::size_t i = 0; i < accounts_.size(); ++i) accounts_[i].balance = initial_balances[i];
  }

  bool transfer(std::size_t from, std::size_t to, long amount) {
    if (from == to) {
      std::lock_guard<std::mutex> lock(accounts_[from].mutex);
      return accounts_[from].balance >= amount;
    }
    std::scoped_lock both(accounts_[std::min(from, to)].mutex, accounts_[std::max(from, to)].mutex);
    if (accounts_[from].balance < amount) return false;
    accounts_[from].balance -= amount;
    accounts_[to].balance += amount;
    return true;
  }

  long balance(std::size_t account) const {
    std::lock_guard<std::mutex> lock(accounts_[account].mutex);
    return accounts_[account].balance;
  }

  long total() const {
    long sum = 0;
    for (const Account& account : accounts_) {
      std::lock_guard<std::mutex> lock(account.mutex);
      sum += account.balance;
    }
    return sum;
  }

 private:
  struct Account {
    mutable std::mutex mutex;
    long balance = 0;
  };
  std::vector<Account> accounts_;
};
