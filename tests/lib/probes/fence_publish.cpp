// racelab-probe-expects: data-race
// racelab-probe-says: ThreadSanitizer does not model fences
// A write published through a relaxed flag with a release fence before the store and an acquire
// fence after the load: correct C++, but ThreadSanitizer does not model fences and reports the
// read. The verdict must say that, not blame the relaxed atomic.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

TEST(Probe, AFenceIsNotSeenByTheSanitizer) {
  long data = 0;
  std::atomic<bool> ready{false};
  std::thread writer([&] {
    data = 42;
    std::atomic_thread_fence(std::memory_order_release);
    ready.store(true, std::memory_order_relaxed);
  });
  while (!ready.load(std::memory_order_relaxed)) std::this_thread::yield();
  std::atomic_thread_fence(std::memory_order_acquire);
  EXPECT_EQ(data, 42);
  writer.join();
}
