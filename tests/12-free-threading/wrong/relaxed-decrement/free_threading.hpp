// A wrong fix for 12: atomic counts, but the decrement is relaxed. No update is lost, yet nothing
// orders another holder's writes to a list before the thread that frees it: ThreadSanitizer
// reports the last append racing with the free.
// racelab-expects: data-race
#pragma once

#include <atomic>
#include <mutex>

#include "mini/policies.hpp"

struct FreeThreading {
  using Gil = mini::NoGil;

  class RefCount {
   public:
    void incref() { count_.fetch_add(1, std::memory_order_relaxed); }
    bool decref() { return count_.fetch_sub(1, std::memory_order_relaxed) == 1; }
    long value() const { return count_.load(std::memory_order_relaxed); }

   private:
    std::atomic<long> count_{1};
  };

  using ContainerLock = std::mutex;
};
