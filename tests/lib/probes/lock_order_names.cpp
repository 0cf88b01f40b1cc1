// racelab-probe-expects: lock-order-inversion
// racelab-probe-says: Lock `to.mu`
// racelab-probe-says: while holding lock `from.mu`
// Transfers that lock `from` then `to`, once each way: a lock-order inversion, whose locks the
// verdict must call by the code's names rather than ThreadSanitizer's M-numbers.
#include <gtest/gtest.h>

#include "absl/synchronization/mutex.h"

namespace {
struct Account {
  absl::Mutex mu;
  long balance = 100;
};

void Transfer(Account& from, Account& to, long amount) {
  absl::MutexLock first(&from.mu);
  absl::MutexLock second(&to.mu);
  from.balance -= amount;
  to.balance += amount;
}
}  // namespace

TEST(Probe, LocksAreNamedInALockOrderInversion) {
  Account a, b;
  Transfer(a, b, 10);
  Transfer(b, a, 10);
  EXPECT_EQ(a.balance + b.balance, 200);
}
