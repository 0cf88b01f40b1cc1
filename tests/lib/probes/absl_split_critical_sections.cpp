// racelab-probe-expects: wrong-result
// Forced interleaving must split two critical sections of an absl::Mutex as it splits those of a
// std::mutex: an increment whose read and write are two critical sections loses updates, on one
// core as on many. (If Abseil's Unlock() were not hooked, this would pass on one core.)
#include <gtest/gtest.h>

#include "absl/synchronization/mutex.h"
#include "racelab/run_concurrently.hpp"

TEST(Probe, InterleavingSplitsAbslCriticalSections) {
  absl::Mutex mutex;
  long count = 0;
  racelab::RunConcurrently({.threads = 2, .calls = 500, .interleave = true}, [&](int, int) {
    long seen = 0;
    {
      absl::MutexLock lock(&mutex);
      seen = count;
    }
    absl::MutexLock lock(&mutex);
    count = seen + 1;
  });
  absl::MutexLock lock(&mutex);
  EXPECT_EQ(count, 1000) << "updates were lost, as they must be under forced interleaving";
}
