// racelab-probe-expects: timeout
// The threads stay busy but never finish (a livelock): the watchdog must say `timeout`, not
// `deadlock`.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "racelab/run_concurrently.hpp"

TEST(Probe, BusyThreadsThatNeverFinishAreATimeout) {
  std::atomic<bool> done{false};
  racelab::RunConcurrently({.threads = 2, .calls = 1, .limit_seconds = 3}, [&](int, int) {
    while (!done.load(std::memory_order_relaxed)) {
    }
  });
}
