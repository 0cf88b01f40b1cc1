// racelab-probe-expects: deadlock
// A thread that locks a mutex it already holds waits for itself forever, outside any stress run:
// the stall watchdog must end the binary with `deadlock` within seconds, not at the grader's
// time limit.
#include <gtest/gtest.h>

#include <mutex>

namespace {
class Counter {
 public:
  void increment() {
    std::lock_guard<std::mutex> lock(mutex_);
    count_ = value() + 1;  // value() locks mutex_ again
  }
  long value() {
    std::lock_guard<std::mutex> lock(mutex_);
    return count_;
  }

 private:
  std::mutex mutex_;
  long count_ = 0;
};
}  // namespace

TEST(Probe, ALockTakenTwiceIsADeadlock) {
  Counter counter;
  counter.increment();
}
