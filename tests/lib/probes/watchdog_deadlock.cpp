// racelab-probe-expects: deadlock
// Every thread waits for a notification that never comes: the watchdog must end the binary with
// a `deadlock` verdict within seconds, without fork().
#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>

#include "racelab/run_concurrently.hpp"

TEST(Probe, BlockedThreadsAreADeadlock) {
  std::mutex mutex;
  std::condition_variable never;
  racelab::RunConcurrently({.threads = 2, .calls = 1}, [&](int, int) {
    std::unique_lock<std::mutex> lock(mutex);
    never.wait(lock, [] { return false; });
  });
}
