// Exercise 04, solved with one absl::Mutex guarding both numbers. ABSL_GUARDED_BY lets Clang's
// -Wthread-safety check, at compile time, that neither number is touched without the lock.
#pragma once

#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

class Stats {
 public:
  void add(long sample) {
    absl::MutexLock lock(&mutex_);
    ++count_;
    sum_ += sample;
  }

  long count() const {
    absl::MutexLock lock(&mutex_);
    return count_;
  }

  long sum() const {
    absl::MutexLock lock(&mutex_);
    return sum_;
  }

  // Both numbers from one critical section: sum() / count() would be two.
  double mean() const {
    const auto [count, sum] = snapshot();
    return count == 0 ? 0.0 : static_cast<double>(sum) / static_cast<double>(count);
  }

  std::pair<long, long> snapshot() const {
    absl::MutexLock lock(&mutex_);
    return {count_, sum_};
  }

 private:
  mutable absl::Mutex mutex_;
  long count_ ABSL_GUARDED_BY(mutex_) = 0;
  long sum_ ABSL_GUARDED_BY(mutex_) = 0;
};
