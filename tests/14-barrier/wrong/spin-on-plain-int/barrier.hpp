// A wrong fix for 14: no lock at all, a generation count in plain ints, and a loop that spins
// until the generation changes. Every thread writes arrived_ and reads generation_ while others
// write them: data races (and the compiler may even read generation_ once and spin forever).
// racelab-expects: data-race
#pragma once

#include <thread>

class Barrier {
 public:
  explicit Barrier(int parties) : parties_(parties) {}

  void arrive_and_wait() {
    const long generation = generation_;
    if (++arrived_ == parties_) {
      arrived_ = 0;
      ++generation_;
      return;
    }
    while (generation_ == generation) std::this_thread::yield();
  }

 private:
  const int parties_;
  int arrived_ = 0;
  long generation_ = 0;
};
