// The explorer's scenario for 01 (`./lab explain 01`): two threads increment once each, and the
// count must then be 2.
#include <string>

#include "counter.hpp"
#include "racelab/explore.hpp"

RACELAB_SCENARIO(scenario) {
  auto* counter = new Counter;  // each schedule runs in a process of its own
  scenario.Thread("increment()", [=] { counter->increment(); });
  scenario.Thread("increment()", [=] { counter->increment(); });
  scenario.Check([=]() -> std::string {
    const long value = counter->value();
    if (value == 2) return "";
    return "value() returned " + std::to_string(value) + ", expected 2: an increment was lost.";
  });
}
