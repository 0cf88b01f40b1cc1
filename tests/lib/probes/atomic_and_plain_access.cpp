// racelab-probe-expects: data-race
// racelab-probe-says: One side is an atomic access and the other a plain one
// racelab-probe-says: is relaxed, so it orders nothing
// One thread adds atomically, another writes the same variable plainly once a relaxed flag says
// the addition is done. The verdict must say that one side is atomic and the other is not, and
// that the relaxed flag orders nothing.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

TEST(Probe, AnAtomicAndAPlainAccessRace) {
  long count = 0;
  std::atomic<bool> added{false};
  std::thread adder([&] {
    std::atomic_ref<long>(count).fetch_add(1);
    added.store(true, std::memory_order_relaxed);
  });
  while (!added.load(std::memory_order_relaxed)) std::this_thread::yield();
  count = 5;
  adder.join();
}
