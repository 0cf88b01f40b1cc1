// The explorer's scenario for 07 (`./lab explain 07`): two threads register two new names at the
// same time. They must get two different ids, 0 and 1.
#include <atomic>
#include <string>

#include "racelab/explore.hpp"
#include "registry.hpp"

RACELAB_SCENARIO(scenario) {
  auto* registry = new Registry;  // each schedule runs in a process of its own
  auto* ids = new std::atomic<int>[2] { -1, -1 };
  scenario.Thread("get_or_create(\"a\")", [=] { ids[0] = registry->get_or_create("a"); });
  scenario.Thread("get_or_create(\"b\")", [=] { ids[1] = registry->get_or_create("b"); });
  scenario.Check([=]() -> std::string {
    if (ids[0] != ids[1] && ids[0] + ids[1] == 1 && registry->size() == 2) return "";
    return "\"a\" got id " + std::to_string(ids[0]) + " and \"b\" got id " +
           std::to_string(ids[1]) + " (size() is " + std::to_string(registry->size()) +
           "): both threads took the same next id.";
  });
}
