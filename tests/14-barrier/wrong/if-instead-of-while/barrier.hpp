// A wrong fix for 14: a generation count, but the wait is behind an `if`. A condition variable
// may return from wait() without any notify (a spurious wake-up); then this thread leaves the
// barrier while its phase is still open, and runs ahead into the next one.
// racelab-expects: wrong-result
#pragma once

#include <condition_variable>
#include <mutex>

class Barrier {
 public:
  explicit Barrier(int parties) : parties_(parties) {}

  void arrive_and_wait() {
    std::unique_lock<std::mutex> lock(mutex_);
    const long generation = generation_;
    if (++arrived_ == parties_) {
      arrived_ = 0;
      ++generation_;
      all_here_.notify_all();
      return;
    }
    if (generation_ == generation) all_here_.wait(lock);
  }

 private:
  const int parties_;
  std::mutex mutex_;
  std::condition_variable all_here_;
  int arrived_ = 0;
  long generation_ = 0;
};
