// A wrong fix for 14: std::barrier, with a mutex around it "to be safe". The first thread to
// arrive waits inside std::barrier while it holds the mutex; every other thread waits for the
// mutex and never reaches the barrier. std::barrier is already safe to call from many threads.
// racelab-expects: deadlock
#pragma once

#include <barrier>
#include <mutex>

class Barrier {
 public:
  explicit Barrier(int parties) : barrier_(parties) {}

  void arrive_and_wait() {
    std::lock_guard<std::mutex> lock(mutex_);
    barrier_.arrive_and_wait();
  }

 private:
  std::mutex mutex_;
  std::barrier<> barrier_;
};
