// racelab-probe-expects: pass
// A counter correctly guarded by absl::Mutex. With Debian's prebuilt (uninstrumented) Abseil,
// ThreadSanitizer flags this every run; with Abseil built under TSan and the one documented
// suppression, it must pass.
#include <gtest/gtest.h>

#include "absl/synchronization/mutex.h"
#include "racelab/run_concurrently.hpp"

TEST(Probe, AbslGuardedCounterIsClean) {
  absl::Mutex mutex;
  long count = 0;
  racelab::RunConcurrently({.threads = 4, .calls = 20'000}, [&](int, int) {
    absl::MutexLock lock(&mutex);
    ++count;
  });
  absl::MutexLock lock(&mutex);
  EXPECT_EQ(count, 80'000);
}
