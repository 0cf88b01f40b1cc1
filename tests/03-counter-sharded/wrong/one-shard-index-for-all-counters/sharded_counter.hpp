// A wrong fix of exercise 03: "a thread needs its index only once", so it is kept in a
// thread_local variable, taken from the first counter the thread increments. But thread_local
// belongs to the thread, not to the counter: the thread then counts with that index in every
// other counter too, where another thread took the same index.
// racelab-expects: data-race or wrong-result
#pragma once

#include <array>
#include <atomic>

class ShardedCounter {
 public:
  void increment() {
    thread_local const int shard = next_shard_.fetch_add(1, std::memory_order_relaxed);
    ++shards_[shard].count;
  }

  long value() const {
    long total = 0;
    for (const Shard& shard : shards_) total += shard.count;
    return total;
  }

 private:
  struct alignas(64) Shard {
    long count = 0;
  };
  std::array<Shard, 64> shards_{};
  std::atomic<int> next_shard_{0};
};
