// racelab-probe-expects: double-free
// ThreadSanitizer does not notice a double delete; the tracker must.
#include <gtest/gtest.h>

#include "racelab/tracker.hpp"

namespace {
struct Tracked {
  explicit Tracked(racelab::Tracker& tracker) : life(tracker) {}
  racelab::Tracker::Life life;
};
}  // namespace

TEST(Probe, DoubleDeleteIsCaught) {
  racelab::Tracker tracker;
  auto* object = new Tracked(tracker);
  delete object;
  object->~Tracked();  // the second destruction, as a second `delete this` would run it
  tracker.ExpectAllFreedOnce();
}
