// main() of every exercise test binary.
#include <gtest/gtest.h>

#include <cstdio>

#include "racelab/chaos.hpp"
#include "racelab/stall_watchdog.hpp"

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  std::fprintf(stderr, "racelab: chaos seed %llu (set RACELAB_SEED to replay it)\n",
               static_cast<unsigned long long>(racelab::ChaosSeed()));
  // Longer than RunConcurrently's own stall limit (3 s), which says more about its threads.
  racelab::StartStallWatchdog(/*stall_seconds=*/5);
  return RUN_ALL_TESTS();
}
