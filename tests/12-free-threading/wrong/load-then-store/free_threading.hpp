// A wrong fix for 12: the count is atomic, but each change is a load and a separate store. No
// access races, so ThreadSanitizer is silent about the count itself; yet two threads that load
// the same value both store one more (or one less), and an update is lost: a shared object keeps
// a wrong count, or is freed while others still use it (and its memory, reused, races).
// racelab-expects: data-race or use-after-free or double-free or leak or wrong-result
#pragma once

#include <atomic>
#include <mutex>

#include "mini/policies.hpp"

struct FreeThreading {
  using Gil = mini::NoGil;

  class RefCount {
   public:
    void incref() { count_.store(count_.load() + 1); }
    bool decref() {
      const long left = count_.load() - 1;
      count_.store(left);
      return left == 0;
    }
    long value() const { return count_.load(); }

   private:
    std::atomic<long> count_{1};
  };

  using ContainerLock = std::mutex;
};
