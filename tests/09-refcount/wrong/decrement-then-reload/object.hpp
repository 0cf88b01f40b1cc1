// A wrong fix for 09: decref() decrements atomically, then reads the count again to decide.
// Between the two steps another holder may decrement too: both then read 0 and both free, or
// the second read touches an object another thread already freed.
// racelab-expects: data-race or double-free or use-after-free
#pragma once

#include <atomic>

#include "racelab/tracker.hpp"

using racelab::Tracker;

class Object {
 public:
  static Object* create(Tracker& tracker) { return new Object(tracker); }

  void incref() { ++refs_; }

  void decref() {
    --refs_;
    if (refs_ == 0) delete this;
  }

  long refcount() const { return refs_; }

  int payload = 0;

 private:
  explicit Object(Tracker& tracker) : life_(tracker) {}
  ~Object() = default;

  std::atomic<long> refs_{1};
  Tracker::Life life_;
};
