// A wrong fix for 11: the guard is written like std::lock_guard, taking the GIL when it is made
// and letting go when it ends. The thread already holds the GIL: it asks for a lock it holds,
// and would wait for itself forever.
// racelab-expects: deadlock
#pragma once

#include "mini/gil.hpp"

class GilRelease {
 public:
  explicit GilRelease(mini::Gil& gil) : gil_(gil) { gil_.acquire(); }
  ~GilRelease() { gil_.release(); }

  GilRelease(const GilRelease&) = delete;
  GilRelease& operator=(const GilRelease&) = delete;

 private:
  mini::Gil& gil_;
};
