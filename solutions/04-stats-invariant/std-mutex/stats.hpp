// Exercise 04, solved with one std::mutex guarding both numbers.
//
// The invariant "count_ and sum_ describe the same samples" holds whenever no thread is inside
// add(). With one lock around every access, no reader can run while an add() is halfway, and
// every reader takes both numbers inside one critical section.
#pragma once

#include <mutex>
#include <utility>

class Stats {
 public:
  void add(long sample) {
    std::lock_guard<std::mutex> lock(mutex_);
    ++count_;        // the invariant is broken between these two lines,
    sum_ += sample;  // but nobody else can look
  }

  long count() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return count_;
  }

  long sum() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return sum_;
  }

  // Not sum() / count(): those are two critical sections, and other threads can add between
  // them. Both numbers come from the one snapshot.
  double mean() const {
    const auto [count, sum] = snapshot();
    return count == 0 ? 0.0 : static_cast<double>(sum) / static_cast<double>(count);
  }

  std::pair<long, long> snapshot() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return {count_, sum_};
  }

 private:
  mutable std::mutex mutex_;  // mutable: the const readers lock it too
  long count_ = 0;            // count_ and sum_ are guarded by mutex_
  long sum_ = 0;
};
