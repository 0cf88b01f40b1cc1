// racelab-probe-expects: data-race
// racelab-probe-says: One side frees the memory: the object was deleted while another thread
// racelab-probe-says: The atomic in race_with_delete.cpp is relaxed
// One thread writes through a pointer, another deletes the object, and only a relaxed flag
// stands between them: the delete races with the write, and the verdict must say that one side
// frees the memory and that the flag orders nothing.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace {
struct Box {
  long value = 0;
};
}  // namespace

TEST(Probe, DeleteWhileAnotherThreadUsesTheObject) {
  auto* box = new Box;
  std::atomic<bool> done{false};
  std::thread user([&] {
    box->value = 42;
    done.store(true, std::memory_order_relaxed);
  });
  while (!done.load(std::memory_order_relaxed)) std::this_thread::yield();
  delete box;
  user.join();
}
