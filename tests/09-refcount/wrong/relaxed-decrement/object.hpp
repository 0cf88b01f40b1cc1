// A wrong fix for 09: an atomic count whose decrement is relaxed. No update is lost, but it
// orders nothing: the thread that frees is not ordered after another holder's last write to
// payload, and ThreadSanitizer reports that write racing with the delete.
// racelab-expects: data-race
#pragma once

#include <atomic>

#include "racelab/tracker.hpp"

using racelab::Tracker;

class Object {
 public:
  static Object* create(Tracker& tracker) { return new Object(tracker); }

  void incref() { refs_.fetch_add(1, std::memory_order_relaxed); }

  void decref() {
    if (refs_.fetch_sub(1, std::memory_order_relaxed) == 1) delete this;
  }

  long refcount() const { return refs_.load(std::memory_order_relaxed); }

  int payload = 0;

 private:
  explicit Object(Tracker& tracker) : life_(tracker) {}
  ~Object() = default;

  std::atomic<long> refs_{1};
  Tracker::Life life_;
};
