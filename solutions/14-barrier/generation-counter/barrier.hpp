// Exercise 14, solved with a generation count: the last thread to arrive resets the count for
// the next phase and starts a new generation. The others wait until the generation they arrived
// in is over, not until the count looks full: the count has already been reset by then.
#pragma once

#include <condition_variable>
#include <mutex>

class Barrier {
 public:
  explicit Barrier(int parties) : parties_(parties) {}

  // Returns once all `parties` threads have arrived; reusable, phase after phase.
  void arrive_and_wait() {
    std::unique_lock<std::mutex> lock(mutex_);
    const long generation = generation_;
    if (++arrived_ == parties_) {
      arrived_ = 0;   // the next phase starts counting from zero
      ++generation_;  // and this one is over: let its threads go
      all_here_.notify_all();
      return;
    }
    // A loop, not an `if`: a wait may return without a notify (a spurious wake-up).
    all_here_.wait(lock, [&] { return generation_ != generation; });
  }

 private:
  const int parties_;
  std::mutex mutex_;
  std::condition_variable all_here_;
  int arrived_ = 0;      // arrivals in the current phase
  long generation_ = 0;  // phases completed so far
};
