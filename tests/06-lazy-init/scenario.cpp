// The explorer's scenario for 06 (`./lab explain 06`): two threads call get() first at the same
// time. The table must be built exactly once, and both must get it whole.
#include <atomic>
#include <string>
#include <vector>

#include "lazy_table.hpp"
#include "racelab/explore.hpp"

RACELAB_SCENARIO(scenario) {
  auto* computed = new std::atomic<int>{0};  // each schedule runs in a process of its own
  auto* table = new LazyTable([=] {
    computed->fetch_add(1);
    return std::vector<long>{1, 2, 3};
  });
  auto* sizes = new std::atomic<long>[2] {};
  scenario.Thread("get()", [=] { sizes[0] = static_cast<long>(table->get().size()); });
  scenario.Thread("get()", [=] { sizes[1] = static_cast<long>(table->get().size()); });
  scenario.Check([=]() -> std::string {
    if (computed->load() != 1) {
      return "compute ran " + std::to_string(computed->load()) +
             " times: both threads found the table not yet built.";
    }
    if (sizes[0] != 3 || sizes[1] != 3) {
      return "a get() returned a table of " + std::to_string(sizes[0] != 3 ? sizes[0] : sizes[1]) +
             " entries, not 3: it saw the table before it was built.";
    }
    return "";
  });
}
