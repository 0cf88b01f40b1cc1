// racelab-probe-expects: crash
// Code that prints without end is stopped by the output cap, with its own message.
#include <gtest/gtest.h>

#include <cstdio>

TEST(Probe, FloodsOutput) {
  for (;;) std::fputs("spam spam spam spam spam spam spam spam spam spam spam spam spam\n", stdout);
}
