// A reference count that is decremented and then read again in a second step: the thread that
// lets go first can read the count after the other thread freed the object.
#include <atomic>

#include "racelab/explore.hpp"

struct Object {
  std::atomic<int> refs{2};
  void decref() {
    refs.fetch_sub(1);
    if (refs.load() == 0) delete this;
  }
};

RACELAB_SCENARIO(scenario) {
  auto* object = new Object;
  scenario.Thread("decref()", [=] { object->decref(); });
  scenario.Thread("decref()", [=] { object->decref(); });
}
