// racelab-probe-expects: incomplete
// Code that calls exit(0) half-way must not pass: the second test never runs.
#include <gtest/gtest.h>

#include <cstdlib>

TEST(Probe, CallsExit) { std::exit(0); }

TEST(Probe, NeverRuns) { SUCCEED(); }
