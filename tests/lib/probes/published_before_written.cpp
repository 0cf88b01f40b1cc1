// racelab-probe-expects: data-race
// racelab-probe-says: Your code uses atomics, but none of them ordered these two accesses
// A flag set (sequentially consistent) before the data is written: the reader sees the flag,
// but the write came after the store, so nothing orders it before the read.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

TEST(Probe, AStoreDoesNotPublishWhatIsWrittenAfterIt) {
  long data = 0;
  std::atomic<bool> ready{false};
  std::thread writer([&] {
    ready.store(true);
    data = 42;
  });
  while (!ready.load()) std::this_thread::yield();
  const long seen = data;
  writer.join();
  EXPECT_GE(seen, 0);
}
