// A wrong fix for 09: the count is atomic, but decref() decides from a load and then acts with a
// separate fetch_sub. Two threads can both see 2, both decrement, and nobody frees (a leak), or
// one sees 1 and frees while another still decrements. No access races, so ThreadSanitizer is
// silent: only the tracker sees it, and forced interleaving makes it happen every run.
// racelab-expects: leak or double-free
#pragma once

#include <atomic>

#include "racelab/tracker.hpp"

using racelab::Tracker;

class Object {
 public:
  static Object* create(Tracker& tracker) { return new Object(tracker); }

  void incref() { refs_.fetch_add(1, std::memory_order_relaxed); }

  void decref() {
    if (refs_.load(std::memory_order_acquire) == 1) {
      delete this;
      return;
    }
    refs_.fetch_sub(1, std::memory_order_acq_rel);
  }

  long refcount() const { return refs_.load(std::memory_order_relaxed); }

  int payload = 0;

 private:
  explicit Object(Tracker& tracker) : life_(tracker) {}
  ~Object() = default;

  std::atomic<long> refs_{1};
  Tracker::Life life_;
};
