// racelab-probe-expects: data-race
// racelab-probe-says: holding `from.mu`
// racelab-probe-says: The two sides held different locks
// Two threads write one variable, each under a lock of its own: the verdict must name the locks
// by the code's names (`from.mu`, `to.mu`), not ThreadSanitizer's (M12), and say that they
// differ.
#include <gtest/gtest.h>

#include <mutex>
#include <thread>

namespace {
struct Account {
  std::mutex mu;
  long balance = 0;
};
}  // namespace

TEST(Probe, TwoLocksDoNotOrderOneVariable) {
  Account from, to;
  long total = 0;
  std::thread first([&] {
    std::lock_guard<std::mutex> lock(from.mu);
    total += 1;
  });
  std::thread second([&] {
    std::lock_guard<std::mutex> lock(to.mu);
    total += 2;
  });
  first.join();
  second.join();
}
