// Two threads take the same two locks in opposite orders.
#include <mutex>

#include "racelab/explore.hpp"

struct Accounts {
  std::mutex a, b;
  long in_a = 10, in_b = 10;
};

RACELAB_SCENARIO(scenario) {
  auto* accounts = new Accounts;
  scenario.Thread("a to b", [=] {
    std::lock_guard first(accounts->a);
    std::lock_guard second(accounts->b);
    --accounts->in_a, ++accounts->in_b;
  });
  scenario.Thread("b to a", [=] {
    std::lock_guard first(accounts->b);
    std::lock_guard second(accounts->a);
    --accounts->in_b, ++accounts->in_a;
  });
}
