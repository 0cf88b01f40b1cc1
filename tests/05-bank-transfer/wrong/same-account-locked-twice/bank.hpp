// A wrong fix for 05: per-account locks in a fixed order, but a transfer from an account to
// itself locks that account's mutex twice. A std::mutex is not recursive: the second lock waits
// for the first, which the same thread holds, forever.
// racelab-expects: deadlock
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
    std::lock_guard<std::mutex> first(accounts_[std::min(from, to)].mutex);
    std::lock_guard<std::mutex> second(accounts_[std::max(from, to)].mutex);
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
    for (const Account& account : accounts_) account.mutex.lock();
    long sum = 0;
    for (const Account& account : accounts_) sum += account.balance;
    for (const Account& account : accounts_) account.mutex.unlock();
    return sum;
  }

 private:
  struct Account {
    mutable std::mutex mutex;
    long balance = 0;
  };
  std::vector<Account> accounts_;
};
