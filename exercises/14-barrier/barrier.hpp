// Exercise 14: a barrier that several threads meet at, phase after phase.
//
// Each of `parties` threads works on phase 1, calls arrive_and_wait(), works on phase 2, calls
// arrive_and_wait() again, and so on. No thread may start phase k+1 before every thread has
// finished phase k. This Barrier counts arrivals and lets a thread go once the count has
// reached `parties`. That works the first time. But the count is never set back: at the second
// use it is already high enough, and every thread walks straight through.
//
// Task: make Barrier reusable, so that every call of arrive_and_wait() returns only once all
// `parties` threads have arrived at that same phase. Keep the public interface as it is.
#pragma once

#include <condition_variable>
#include <mutex>

class Barrier {
 public:
  explicit Barrier(int parties) : parties_(parties) {}

  // Returns once all `parties` threads have arrived; reusable, phase after phase.
  void arrive_and_wait() {
    std::unique_lock<std::mutex> lock(mutex_);
    ++arrived_;
    if (arrived_ == parties_) all_here_.notify_all();
    all_here_.wait(lock, [this] { return arrived_ >= parties_; });
  }

 private:
  const int parties_;
  std::mutex mutex_;
  std::condition_variable all_here_;
  int arrived_ = 0;  // arrivals so far, over all phases
};
