// A wrong fix for 14: a spinning barrier on atomics, all of them relaxed. It holds the threads in
// the right order, but a relaxed load orders no memory: a thread that sees the new generation
// need not see what the others wrote before they arrived. ThreadSanitizer reports the reads of
// the phase's results after the barrier as racing with the writes before it.
// racelab-expects: data-race
#pragma once

#include <atomic>
#include <thread>

class Barrier {
 public:
  explicit Barrier(int parties) : parties_(parties) {}

  void arrive_and_wait() {
    const long generation = generation_.load(std::memory_order_relaxed);
    if (arrived_.fetch_add(1, std::memory_order_relaxed) + 1 == parties_) {
      arrived_.store(0, std::memory_order_relaxed);
      generation_.fetch_add(1, std::memory_order_relaxed);
      return;
    }
    while (generation_.load(std::memory_order_relaxed) == generation) std::this_thread::yield();
  }

 private:
  const int parties_;
  std::atomic<int> arrived_{0};
  std::atomic<long> generation_{0};
};
