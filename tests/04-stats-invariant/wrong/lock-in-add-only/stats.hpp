// A wrong fix: add() takes a lock, the readers do not ("reading is harmless"). A read that
// overlaps a locked write is still a data race, and the readers can still see an add() halfway.
// racelab-expects: data-race
#pragma once

#include <mutex>
#include <utility>

class Stats {
 public:
  void add(long sample) {
    std::lock_guard<std::mutex> lock(mutex_);
    ++count_;
    sum_ += sample;
  }

  long count() const { return count_; }
  long sum() const { return sum_; }

  double mean() const {
    return count_ == 0 ? 0.0 : static_cast<double>(sum_) / static_cast<double>(count_);
  }

  std::pair<long, long> snapshot() const { return {count_, sum_}; }

 private:
  std::mutex mutex_;
  long count_ = 0;
  long sum_ = 0;
};
