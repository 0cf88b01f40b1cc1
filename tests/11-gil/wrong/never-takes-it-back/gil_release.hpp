// A wrong fix for 11: the guard lets go of the GIL but never takes it back. The waiting thread
// lets the others run, but after the wait it runs bytecode without the GIL, touching reference
// counts beside a thread that holds it.
// racelab-expects: data-race
#pragma once

#include "mini/gil.hpp"

class GilRelease {
 public:
  explicit GilRelease(mini::Gil& gil) : gil_(gil) { gil_.release(); }
  ~GilRelease() = default;

  GilRelease(const GilRelease&) = delete;
  GilRelease& operator=(const GilRelease&) = delete;

 private:
  mini::Gil& gil_;
};
