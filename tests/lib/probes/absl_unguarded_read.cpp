// racelab-probe-expects: data-race
// The suppression `race:absl::*synchronization_internal::Waiter::Post` must hide nothing in code
// that uses absl::Mutex: here the writers hold the lock but the reader does not, and that race
// must still be reported.
#include <gtest/gtest.h>

#include <atomic>

#include "absl/synchronization/mutex.h"
#include "racelab/run_concurrently.hpp"

TEST(Probe, RaceInAbslGuardedCodeIsReported) {
  absl::Mutex mutex;
  long count = 0;
  std::atomic<long> seen{0};
  racelab::RunConcurrently({.threads = 4, .calls = 5'000}, [&](int thread, int) {
    if (thread == 0) {
      seen.store(count, std::memory_order_relaxed);  // no lock: races with the writers
      return;
    }
    absl::MutexLock lock(&mutex);
    ++count;
  });
}
