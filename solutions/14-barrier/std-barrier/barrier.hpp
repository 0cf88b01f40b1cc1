// Exercise 14, solved with std::barrier (C++20): the standard library's reusable barrier. It
// keeps the count of the current phase and resets it itself when the phase completes.
#pragma once

#include <barrier>

class Barrier {
 public:
  explicit Barrier(int parties) : barrier_(parties) {}

  // Returns once all `parties` threads have arrived; reusable, phase after phase.
  void arrive_and_wait() { barrier_.arrive_and_wait(); }

 private:
  std::barrier<> barrier_;
};
