// Two threads increment a plain counter once each: one increment can overwrite the other.
#include <string>

#include "racelab/explore.hpp"

struct Counter {
  long count = 0;
  void increment() { ++count; }
};

RACELAB_SCENARIO(scenario) {
  auto* counter = new Counter;
  scenario.Thread("increment()", [=] { counter->increment(); });
  scenario.Thread("increment()", [=] { counter->increment(); });
  scenario.Check([=]() -> std::string {
    if (counter->count == 2) return "";
    return "count is " + std::to_string(counter->count) + ", expected 2";
  });
}
