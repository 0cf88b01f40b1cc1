// Exercise 05, solved with one lock per account, so that transfers between different accounts
// run in parallel. A transfer holds the locks of both its accounts while it checks and moves the
// money. To rule out deadlock, every thread takes locks in one global order, lower account index
// first: a thread that holds a higher lock never waits for a lower one, so no two threads can
// each hold the lock the other is waiting for.
#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

class Bank {
 public:
  // absl::Mutex can be neither copied nor moved, so the accounts are built in place.
  explicit Bank(std::vector<long> initial_balances) : accounts_(initial_balances.size()) {
    for (std::size_t i = 0; i < accounts_.size(); ++i) accounts_[i].balance = initial_balances[i];
  }

  bool transfer(std::size_t from, std::size_t to, long amount) {
    Account& source = accounts_[from];
    Account& target = accounts_[to];
    if (from == to) {  // one account: locking its mutex twice would deadlock with itself
      absl::MutexLock lock(&source.mutex);
      return source.balance >= amount;
    }
    absl::MutexLock first(&accounts_[std::min(from, to)].mutex);   // lower index first,
    absl::MutexLock second(&accounts_[std::max(from, to)].mutex);  // whichever way money flows
    source.mutex.AssertHeld();  // tells Clang's -Wthread-safety which locks `first` and
    target.mutex.AssertHeld();  // `second` are
    if (source.balance < amount) return false;
    source.balance -= amount;
    target.balance += amount;
    return true;
  }

  long balance(std::size_t account) const {
    absl::MutexLock lock(&accounts_[account].mutex);
    return accounts_[account].balance;
  }

  // Holds every account's lock at once, taken in the same index order as transfer() takes
  // them, so no transfer is half done while it sums. (Clang's analysis cannot follow locks
  // taken in a loop, hence ABSL_NO_THREAD_SAFETY_ANALYSIS.)
  long total() const ABSL_NO_THREAD_SAFETY_ANALYSIS {
    for (const Account& account : accounts_) account.mutex.Lock();
    long sum = 0;
    for (const Account& account : accounts_) sum += account.balance;
    for (const Account& account : accounts_) account.mutex.Unlock();
    return sum;
  }

 private:
  struct Account {
    mutable absl::Mutex mutex;
    long balance ABSL_GUARDED_BY(mutex) = 0;
  };

  std::vector<Account> accounts_;  // never resized: the mutexes must not move
};
