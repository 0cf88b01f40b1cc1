// Exercise 09, solved with an atomic count: incref is relaxed, the decref that may free is
// acq_rel.
#pragma once

#include <atomic>

#include "racelab/tracker.hpp"

using racelab::Tracker;

class Object {
 public:
  static Object* create(Tracker& tracker) { return new Object(tracker); }

  // Relaxed is enough: a thread can only incref an object it already holds a reference to, so
  // the count cannot be at zero, and taking a reference publishes nothing to other threads.
  void incref() { refs_.fetch_add(1, std::memory_order_relaxed); }

  // fetch_sub returns the count before the decrement, in the same atomic step, so exactly one
  // thread sees 1 and frees. Reading the count again afterwards would be a second step: another
  // thread could free in between. acq_rel: the release half makes this holder's writes (payload)
  // visible to whoever decrements next; the acquire half lets the thread that frees see the
  // writes of every holder that let go before it, so the delete comes after all of them.
  void decref() {
    if (refs_.fetch_sub(1, std::memory_order_acq_rel) == 1) delete this;
  }

  // A snapshot: other threads may change the count right after.
  long refcount() const { return refs_.load(std::memory_order_relaxed); }

  int payload = 0;

 private:
  explicit Object(Tracker& tracker) : life_(tracker) {}
  ~Object() = default;

  std::atomic<long> refs_{1};
  Tracker::Life life_;
};
