// Exercise 01, solved with absl::Mutex. ABSL_GUARDED_BY lets Clang's -Wthread-safety check, at
// compile time, that count_ is only touched with mutex_ held.
#pragma once

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

class Counter {
 public:
  void increment() {
    absl::MutexLock lock(&mutex_);
    ++count_;
  }

  long value() const {
    absl::MutexLock lock(&mutex_);
    return count_;
  }

 private:
  mutable absl::Mutex mutex_;
  long count_ ABSL_GUARDED_BY(mutex_) = 0;
};
