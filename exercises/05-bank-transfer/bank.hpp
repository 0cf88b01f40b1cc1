// Exercise 05: a bank whose transfers run on many threads at once.
//
// transfer() checks that the money is there, then moves it. Between the check and the move
// another thread can take the same money: both checks pass, both withdrawals happen, and the
// account is overdrawn. This is check-then-act, and it is a race even if each single read and
// write were safe: the check and the act must happen as one step that no other thread can
// interleave with. total() must also see the accounts as they are between transfers, never
// halfway through one, where the money has left one account and not yet arrived in the other.
//
// Task: make Bank safe for many threads with a lock (absl::Mutex is a good choice): transfers
// never overdraw, the total never changes, total() is consistent while transfers run, and
// opposite transfers (a to b while b to a) cannot deadlock. Keep the public interface as it is.
#pragma once

#include <cstddef>
#include <numeric>
#include <utility>
#include <vector>

class Bank {
 public:
  explicit Bank(std::vector<long> initial_balances) : balances_(std::move(initial_balances)) {}

  // Moves `amount` from account `from` to account `to`. Returns false, and changes nothing, if
  // `from` holds less than `amount`. Called by many threads at once.
  bool transfer(std::size_t from, std::size_t to, long amount) {
    if (balances_[from] < amount) return false;
    balances_[from] -= amount;
    balances_[to] += amount;
    return true;
  }

  long balance(std::size_t account) const { return balances_[account]; }

  // The money in all accounts together. Called while transfers run.
  long total() const { return std::accumulate(balances_.begin(), balances_.end(), 0L); }

 private:
  std::vector<long> balances_;
};
