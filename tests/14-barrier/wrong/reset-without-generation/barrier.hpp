// A wrong fix for 14: the last thread resets the count, but the others still wait for the count
// to be full. By the time they check it, it has been reset to 0: nothing tells them their phase
// is over, and they wait for good. The count alone cannot say which phase it belongs to.
// racelab-expects: deadlock
#pragma once

#include <condition_variable>
#include <mutex>

class Barrier {
 public:
  explicit Barrier(int parties) : parties_(parties) {}

  void arrive_and_wait() {
    std::unique_lock<std::mutex> lock(mutex_);
    if (++arrived_ == parties_) {
      arrived_ = 0;  // ready for the next phase
      all_here_.notify_all();
      return;
    }
    all_here_.wait(lock, [this] { return arrived_ == parties_; });
  }

 private:
  const int parties_;
  std::mutex mutex_;
  std::condition_variable all_here_;
  int arrived_ = 0;
};
