// racelab-probe-expects: data-race
// racelab-probe-says: The atomic in relaxed_publish.cpp is relaxed, so it orders nothing
// A plain write published through a relaxed flag: the reader sees the flag, yet nothing orders
// the write before its read. The verdict must name the relaxed atomic as the cause.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

TEST(Probe, ARelaxedFlagPublishesNothing) {
  long data = 0;
  std::atomic<bool> ready{false};
  std::thread writer([&] {
    data = 42;
    ready.store(true, std::memory_order_relaxed);
  });
  while (!ready.load(std::memory_order_relaxed)) std::this_thread::yield();
  EXPECT_EQ(data, 42);
  writer.join();
}
