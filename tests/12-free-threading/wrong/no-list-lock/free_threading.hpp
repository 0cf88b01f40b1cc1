// A wrong fix for 12: the counts are right, but lists still have no lock. Two threads that append
// to one list write its items side by side.
// racelab-expects: data-race
#pragma once

#include <atomic>

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

  using ContainerLock = mini::NoLock;
};
