// main() of every exercise test binary.
#include <gtest/gtest.h>

#include <cstdio>

#include "racelab/chaos.hpp"

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  std::fprintf(stderr, "racelab: chaos seed %llu (set RACELAB_SEED to replay it)\n",
               static_cast<unsigned long long>(racelab::ChaosSeed()));
  return RUN_ALL_TESTS();
}
