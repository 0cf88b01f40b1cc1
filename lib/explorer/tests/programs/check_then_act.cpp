// Check-then-act on an atomic: each step is atomic, the pair is not. No data race at all, so
// ThreadSanitizer stays silent; the balance still goes below zero.
#include <atomic>
#include <string>

#include "racelab/explore.hpp"

struct Account {
  std::atomic<long> balance{1};
  void withdraw_one() {
    if (balance.load() >= 1) balance.fetch_sub(1);
  }
};

RACELAB_SCENARIO(scenario) {
  auto* account = new Account;
  scenario.Thread("withdraw_one()", [=] { account->withdraw_one(); });
  scenario.Thread("withdraw_one()", [=] { account->withdraw_one(); });
  scenario.Check([=]() -> std::string {
    if (account->balance.load() >= 0) return "";
    return "balance is " + std::to_string(account->balance.load()) + ", below zero";
  });
}
