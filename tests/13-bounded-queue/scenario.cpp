// The explorer's scenario for 13 (`./lab explain 13`): a queue of capacity 1, one producer that
// pushes 1 then 2, two consumers that pop one item each. Each pop must get one of the items, and
// the queue must end empty. The explorer may wake a waiting thread without a notify (a spurious
// wake-up, which the standard allows), and a run in which every thread waits is a deadlock.
#include <string>

#include "bounded_queue.hpp"
#include "racelab/explore.hpp"

RACELAB_SCENARIO(scenario) {
  auto* queue = new BoundedQueue(1);  // each schedule runs in a process of its own
  auto* got = new long[2]{-1, -1};
  scenario.Thread("push(1); push(2)", [=] {
    queue->push(1);
    queue->push(2);
  });
  scenario.Thread("pop()", [=] { got[0] = queue->pop(); });
  scenario.Thread("pop()", [=] { got[1] = queue->pop(); });
  scenario.Check([=]() -> std::string {
    const long size = static_cast<long>(queue->size());
    const bool each_once = (got[0] == 1 && got[1] == 2) || (got[0] == 2 && got[1] == 1);
    if (each_once && size == 0) return "";
    std::string why;
    if (got[0] == got[1]) {
      why =
          "an item came out twice, and another was lost. A pop() went on after its wait with "
          "the queue empty: its wake-up was spurious, or another pop() took the item first";
    } else if (got[0] != 1 && got[0] != 2) {
      why = "thread 2's pop() returned an item nobody pushed: it took from an empty queue";
    } else if (got[1] != 1 && got[1] != 2) {
      why = "thread 3's pop() returned an item nobody pushed: it took from an empty queue";
    } else {
      why = "the queue's count is off";
    }
    return "the pops returned " + std::to_string(got[0]) + " and " + std::to_string(got[1]) +
           " from pushes of 1 and 2, and size() is " + std::to_string(size) + ": " + why + ".";
  });
}
