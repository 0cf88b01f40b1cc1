// A wrong fix of exercise 03: the shards are static, so every counter in the program counts in
// the same shards, and one counter's value() includes every other counter's increments. Each
// thread's shard is a thread_local count, registered once per thread.
// racelab-expects: wrong-result or data-race
#pragma once

#include <array>
#include <atomic>

class ShardedCounter {
 public:
  void increment() {
    thread_local const int shard = next_shard_.fetch_add(1, std::memory_order_relaxed) % 256;
    ++shards_[shard].count;
  }

  long value() const {
    long total = 0;
    for (const Shard& shard : shards_) total += shard.count;
    return total;
  }

 private:
  struct alignas(64) Shard {
    long count;  // static storage: starts at 0
  };
  inline static std::array<Shard, 256> shards_{};
  inline static std::atomic<int> next_shard_{0};
};
