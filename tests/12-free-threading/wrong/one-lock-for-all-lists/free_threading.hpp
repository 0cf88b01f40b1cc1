// A wrong fix for 12: right counts, and lists are locked, but by one lock that all of them share.
// Safe, yet threads that use different lists wait for each other: a smaller GIL.
// racelab-expects: constraint
#pragma once

#include <atomic>
#include <mutex>

#include "mini/policies.hpp"

struct FreeThreading {
  using Gil = mini::NoGil;

  class RefCount {
   public:
    void incref() { count_.fetch_add(1, std::memory_order_relaxed); }
    bool decref() { return count_.fetch_sub(1, std::memory_order_acq_rel) == 1; }
    long value() const { return count_.load(std::memory_order_relaxed); }

   private:
    std::atomic<long> count_{1};
  };

  class ContainerLock {
   public:
    void lock() { every_list_.lock(); }
    void unlock() { every_list_.unlock(); }
    bool try_lock() { return every_list_.try_lock(); }

   private:
    inline static std::mutex every_list_;
  };
};
