// The lost update fixed with a std::mutex: no schedule fails.
#include <mutex>
#include <string>

#include "racelab/explore.hpp"

struct Counter {
  std::mutex mu;
  long count = 0;
  void increment() {
    std::lock_guard lock(mu);
    ++count;
  }
};

RACELAB_SCENARIO(scenario) {
  auto* counter = new Counter;
  for (int t = 0; t < 3; ++t) scenario.Thread("increment()", [=] { counter->increment(); });
  scenario.Check([=]() -> std::string {
    if (counter->count == 3) return "";
    return "count is " + std::to_string(counter->count) + ", expected 3";
  });
}
