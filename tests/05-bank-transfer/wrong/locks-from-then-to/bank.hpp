// A wrong fix for 05: one lock per account, taken `from` first, then `to`. A transfer 0 -> 1
// takes 0 then 1 while a transfer 1 -> 0 takes 1 then 0: each can hold one lock and wait for the
// other forever. ThreadSanitizer reports the inverted order even on a run that did not hang.
// racelab-expects: lock-order-inversion
#pragma once

#include <cstddef>
#include <vector>

#include "absl/synchronization/mutex.h"

class Bank {
 public:
  explicit Bank(std::vector<long> initial_balances) : accounts_(initial_balances.size()) {
    for (std::size_t i = 0; i < accounts_.size(); ++i) accounts_[i].balance = initial_balances[i];
  }

  bool transfer(std::size_t from, std::size_t to, long amount) {
    if (from == to) {
      absl::MutexLock lock(&accounts_[from].mutex);
      return accounts_[from].balance >= amount;
    }
    absl::MutexLock first(&accounts_[from].mutex);
    absl::MutexLock second(&accounts_[to].mutex);
    if (accounts_[from].balance < amount) return false;
    accounts_[from].balance -= amount;
    accounts_[to].balance += amount;
    return true;
  }

  long balance(std::size_t account) const {
    absl::MutexLock lock(&accounts_[account].mutex);
    return accounts_[account].balance;
  }

  long total() const {
    for (const Account& account : accounts_) account.mutex.Lock();
    long sum = 0;
    for (const Account& account : accounts_) sum += account.balance;
    for (const Account& account : accounts_) account.mutex.Unlock();
    return sum;
  }

 private:
  struct Account {
    mutable absl::Mutex mutex;
    long balance = 0;
  };
  std::vector<Account> accounts_;
};
