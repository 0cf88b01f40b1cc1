// A counter guarded by a spinlock: the waiting thread spins on an atomic flag and never blocks,
// so the explorer must let the holder run again. No schedule fails, and none runs forever.
#include <atomic>
#include <string>

#include "racelab/explore.hpp"

struct Counter {
  std::atomic<bool> locked{false};
  long count = 0;
  void increment() {
    while (locked.exchange(true)) {
    }
    ++count;
    locked.store(false);
  }
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
