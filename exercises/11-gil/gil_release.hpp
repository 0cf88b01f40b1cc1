// Exercise 11: the GIL, and letting go of it while you wait.
//
// The mini interpreter (lib/interpreter/include/mini/) keeps plain, non-atomic reference counts,
// as CPython does, and guards them with one global interpreter lock: a thread runs bytecode only
// while it holds the GIL. Before the interpreter waits for something that may take a while (here
// `recv`, a read from a channel), it makes a GilRelease:
//
//   {
//     GilRelease released(gil);       // from here on, other threads may run bytecode
//     message = channel->receive();   // may block for a long time
//   }                                 // the GIL is ours again before we touch any object
//
// This GilRelease lets go of nothing: a thread that waits for a message keeps the GIL, so the
// thread that would send the message can never run.
//
// Task: while a GilRelease lives, the calling thread must not hold the GIL; when it ends, the
// thread must hold the GIL again. Keep the interface as it is.
#pragma once

#include "mini/gil.hpp"

class GilRelease {
 public:
  // Called by a thread that holds `gil`.
  explicit GilRelease(mini::Gil& gil) : gil_(gil) {}
  ~GilRelease() = default;

  GilRelease(const GilRelease&) = delete;
  GilRelease& operator=(const GilRelease&) = delete;

 private:
  [[maybe_unused]] mini::Gil& gil_;
};
