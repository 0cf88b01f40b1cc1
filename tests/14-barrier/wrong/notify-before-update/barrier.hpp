// A wrong fix for 14: the last thread wakes the others first and only then, in a critical
// section of its own, starts the new generation. A woken thread that gets the lock in between
// still sees the old generation, goes back to sleep, and no notify comes for it any more.
// racelab-expects: deadlock
#pragma once

#include <condition_variable>
#include <mutex>

class Barrier {
 public:
  explicit Barrier(int parties) : parties_(parties) {}

  void arrive_and_wait() {
    std::unique_lock<std::mutex> lock(mutex_);
    const long generation = generation_;
    if (++arrived_ < parties_) {
      all_here_.wait(lock, [&] { return generation_ != generation; });
      return;
    }
    lock.unlock();
    all_here_.notify_all();  // wake them up...
    lock.lock();
    arrived_ = 0;  // ...then open the next phase
    ++generation_;
  }

 private:
  const int parties_;
  std::mutex mutex_;
  std::condition_variable all_here_;
  int arrived_ = 0;
  long generation_ = 0;
};
