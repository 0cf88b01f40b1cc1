// The explorer's scenario for 04 (`./lab explain 04`): one thread adds a sample of 10 while
// another takes a snapshot, which must be a state that existed: a sum of 10 per sample counted.
#include <string>
#include <utility>

#include "racelab/explore.hpp"
#include "stats.hpp"

RACELAB_SCENARIO(scenario) {
  auto* stats = new Stats;  // each schedule runs in a process of its own
  auto* seen = new std::pair<long, long>{0, 0};
  scenario.Thread("add(10)", [=] { stats->add(10); });
  scenario.Thread("snapshot()", [=] { *seen = stats->snapshot(); });
  scenario.Check([=]() -> std::string {
    const auto [count, sum] = *seen;
    if (sum == 10 * count) return "";
    return "snapshot() returned {count " + std::to_string(count) + ", sum " + std::to_string(sum) +
           "}: a state that never existed, the sample counted but not yet summed (or the "
           "other way round).";
  });
}
