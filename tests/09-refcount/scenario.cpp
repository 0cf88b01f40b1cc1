// The explorer's scenario for 09 (`./lab explain 09`): an object with two references, one held by
// each of two threads, which each let go of theirs. The last decref() must free it, once.
#include <string>

#include "object.hpp"
#include "racelab/explore.hpp"

RACELAB_SCENARIO(scenario) {
  auto* tracker = new Tracker;  // each schedule runs in a process of its own
  Object* object = Object::create(*tracker);
  object->incref();  // a second reference: one for each thread
  scenario.Thread("decref()", [=] { object->decref(); });
  scenario.Thread("decref()", [=] { object->decref(); });
  scenario.Check([=]() -> std::string {
    if (tracker->live() == 0) return "";
    return "the object was never freed (a leak): each decref() read the count as 2 and wrote 1, "
           "so neither saw it reach 0.";
  });
}
