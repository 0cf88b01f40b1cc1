// Exercise 12, solved with an atomic count (relaxed increment, acq_rel decrement, as in exercise
// 09) and an absl::Mutex in every list.
#pragma once

#include <absl/synchronization/mutex.h>

#include <atomic>

#include "mini/policies.hpp"

struct FreeThreading {
  using Gil = mini::NoGil;

  class RefCount {
   public:
    void incref() { count_.fetch_add(1, std::memory_order_relaxed); }
    // The thread that sees 1 frees the object; acq_rel orders every holder's writes before that.
    bool decref() { return count_.fetch_sub(1, std::memory_order_acq_rel) == 1; }
    long value() const { return count_.load(std::memory_order_relaxed); }

   private:
    std::atomic<long> count_{1};
  };

  // The interpreter locks with std::lock_guard, which calls lock() and unlock(): this Abseil
  // names them Lock() and Unlock(), so a thin wrapper renames them.
  class ContainerLock {
   public:
    void lock() { mutex_.Lock(); }
    void unlock() { mutex_.Unlock(); }
    bool try_lock() { return mutex_.TryLock(); }

   private:
    absl::Mutex mutex_;
  };
};
