// Exercise 12, solved with an atomic count (relaxed increment, acq_rel decrement, as in exercise
// 09) and a std::mutex in every list.
#pragma once

#include <atomic>
#include <mutex>

#include "mini/policies.hpp"

struct FreeThreading {
  using Gil = mini::NoGil;

  class RefCount {
   public:
    // Relaxed: a thread takes a reference only to an object it already holds one to, and taking
    // it publishes nothing.
    void incref() { count_.fetch_add(1, std::memory_order_relaxed); }

    // One atomic step that also says what the count was, so exactly one thread sees the last
    // reference go. Release: this holder's writes to the object come before its decrement.
    // Acquire: the thread that frees sees every other holder's writes first.
    bool decref() { return count_.fetch_sub(1, std::memory_order_acq_rel) == 1; }

    long value() const { return count_.load(std::memory_order_relaxed); }

   private:
    std::atomic<long> count_{1};
  };

  // One lock per list: threads that use different lists never wait for each other.
  using ContainerLock = std::mutex;
};
