// A wrong fix for 09: a correct reference count, but guarded by a mutex. It works, yet it is not
// the lesson (an atomic count, as free-threaded interpreters use): the tests reject it.
// racelab-expects: constraint
#pragma once

#include <mutex>

#include "racelab/tracker.hpp"

using racelab::Tracker;

class Object {
 public:
  static Object* create(Tracker& tracker) { return new Object(tracker); }

  void incref() {
    std::lock_guard<std::mutex> lock(mutex_);
    ++refs_;
  }

  void decref() {
    bool last = false;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      last = --refs_ == 0;
    }
    if (last) delete this;
  }

  long refcount() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return refs_;
  }

  int payload = 0;

 private:
  explicit Object(Tracker& tracker) : life_(tracker) {}
  ~Object() = default;

  mutable std::mutex mutex_;
  long refs_ = 1;
  Tracker::Life life_;
};
