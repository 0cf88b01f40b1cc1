// Seeded chaos: random yields and short sleeps between calls, to shuffle how threads interleave.
//
// Every thread draws from its own generator, seeded from one run-wide seed, so chaos adds no
// synchronization between threads (it cannot hide a race). The seed is printed at the start of
// every test binary; set RACELAB_SEED to run again with the same one.
#pragma once

#include <cstdint>
#include <random>

namespace racelab {

// The run-wide seed: RACELAB_SEED if set, otherwise drawn at random once per process.
std::uint64_t ChaosSeed();

class Chaos {
 public:
  // A generator for one thread of one run.
  explicit Chaos(int thread);

  // Sometimes yields, rarely sleeps for a few microseconds, mostly does nothing.
  void Pause();

 private:
  std::mt19937_64 random_;
};

}  // namespace racelab
