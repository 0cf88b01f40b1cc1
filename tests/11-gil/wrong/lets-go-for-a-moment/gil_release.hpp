// A wrong fix for 11: the guard gives the other threads a moment (it lets go of the GIL and takes
// it straight back) before the wait, then waits holding the GIL. The thread that would send the
// message starts only once this one waits: it never gets the GIL.
// racelab-expects: deadlock
#pragma once

#include "mini/gil.hpp"

class GilRelease {
 public:
  explicit GilRelease(mini::Gil& gil) {
    gil.release();
    gil.acquire();
  }

  GilRelease(const GilRelease&) = delete;
  GilRelease& operator=(const GilRelease&) = delete;
};
