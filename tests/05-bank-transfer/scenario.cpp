// The explorer's scenario for 05 (`./lab explain 05`): account 0 holds 1; two threads each try
// to move 1 from it to account 1. Only one may succeed, and no balance may go below zero.
#include <string>

#include "bank.hpp"
#include "racelab/explore.hpp"

RACELAB_SCENARIO(scenario) {
  auto* bank = new Bank({1, 0});  // each schedule runs in a process of its own
  scenario.Thread("transfer(0, 1, 1)", [=] { bank->transfer(0, 1, 1); });
  scenario.Thread("transfer(0, 1, 1)", [=] { bank->transfer(0, 1, 1); });
  scenario.Check([=]() -> std::string {
    const long from = bank->balance(0), to = bank->balance(1);
    if (from >= 0 && from + to == 1) return "";
    return "account 0 ends at " + std::to_string(from) + " and account 1 at " + std::to_string(to) +
           ": both threads checked the balance before either took the money.";
  });
}
