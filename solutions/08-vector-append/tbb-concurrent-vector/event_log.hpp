// Exercise 08, solved without a lock for the readers: tbb::concurrent_vector plus a count of
// the events that are ready, published with release/acquire.
//
// concurrent_vector grows in segments and never moves an element once it is in place, so a
// reader may read element i while writers append behind it. What it does not say is *when*
// element i is ready. push_back first takes a slot (which makes the vector's own size() count
// it), then writes the event into it: a reader that trusts size() can read a slot that is still
// being written. So the log keeps its own count, `ready_`, and raises it only after the event
// is written: a store with memory_order_release, read by the readers with memory_order_acquire.
// A reader that loads a count of n sees the first n events completely written.
//
// With several writers, slots are taken in one order and finished in another, and the count
// must not pass a slot that is not written yet. So each writer raises the count from its own
// slot to the next, and waits until the writers before it have raised it to its slot. Its wait
// loads with acquire: the count it stores then also carries the earlier writers' events to
// every reader that loads it.
#pragma once

#include <atomic>
#include <cstddef>
#include <thread>

#include "tbb/concurrent_vector.h"

class EventLog {
 public:
  void append(long event) {
    const std::size_t slot = static_cast<std::size_t>(events_.push_back(event) - events_.begin());
    // The events before `slot` belong to other writers: wait until they are all counted.
    while (ready_.load(std::memory_order_acquire) != slot) std::this_thread::yield();
    ready_.store(slot + 1, std::memory_order_release);  // publishes this event, and theirs
  }

  std::size_t size() const { return ready_.load(std::memory_order_acquire); }

  long at(std::size_t i) const { return events_[i]; }  // i < a count this reader loaded

  long sum_of_first(std::size_t n) const {
    long sum = 0;
    for (std::size_t i = 0; i < n; ++i) sum += events_[i];
    return sum;
  }

 private:
  tbb::concurrent_vector<long> events_;
  std::atomic<std::size_t> ready_{0};  // events_[0, ready_) are completely written
};
