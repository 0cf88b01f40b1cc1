// A wrong fix for 12: safe counts and a lock per list, but the GIL is back. Nothing races, and
// nothing runs in parallel either: the test that needs two threads inside the interpreter at
// once waits forever.
// racelab-expects: deadlock
#pragma once

#include <atomic>
#include <mutex>

#include "mini/policies.hpp"

struct FreeThreading {
  using Gil = mini::Gil;

  class RefCount {
   public:
    void incref() { count_.fetch_add(1, std::memory_order_relaxed); }
    bool decref() { return count_.fetch_sub(1, std::memory_order_acq_rel) == 1; }
    long value() const { return count_.load(std::memory_order_relaxed); }

   private:
    std::atomic<long> count_{1};
  };

  using ContainerLock = std::mutex;
};
