// Exercise 09: reference counting, the memory management behind CPython.
//
// Every holder of a reference to an Object counts itself in: incref() when it takes a reference,
// decref() when it lets go. The holder whose decref() brings the count to zero frees the object.
// Here many threads take and drop references to the same objects at once. `++refs_` and
// `--refs_` on a plain long lose updates like the counter of exercise 01, and a lost update is
// worse here: a count that ends too high never frees the object (a leak), one that drops too low
// frees it while others still use it (a use-after-free), and two threads that both see zero free
// it twice (a double free). This is why CPython guards its counts with one global lock, the GIL.
//
// Task: make the count safe without a lock: an atomic count whose last decref() also sees every
// write other holders made to the object before they let go. Keep the public interface as it is.
#pragma once

#include "racelab/tracker.hpp"

using racelab::Tracker;

class Object {
 public:
  // A new object with a count of 1: the caller holds the first reference.
  static Object* create(Tracker& tracker) { return new Object(tracker); }

  void incref() { ++refs_; }

  // Drops a reference; the last one frees the object.
  void decref() {
    if (--refs_ == 0) delete this;
  }

  long refcount() const { return refs_; }

  int payload = 0;  // read and written by holders of a reference

 private:
  explicit Object(Tracker& tracker) : life_(tracker) {}
  ~Object() = default;  // only decref() may delete

  long refs_ = 1;
  Tracker::Life life_;  // lets the tests count creations and frees: keep it
};
