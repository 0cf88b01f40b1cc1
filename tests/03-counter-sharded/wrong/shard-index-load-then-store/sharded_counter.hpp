// A wrong fix of exercise 03: next_shard_ made atomic, but the index is taken with a load and a
// separate store. Both are atomic, so that line is no data race; yet two threads can load the
// same value before either stores, take the same shard, and then race on it.
// racelab-expects: data-race or wrong-result
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <unordered_map>

class ShardedCounter {
 public:
  void increment() { ++shards_[my_shard()].count; }

  long value() const {
    long total = 0;
    for (const Shard& shard : shards_) total += shard.count;
    return total;
  }

 private:
  struct alignas(64) Shard {
    long count = 0;
  };

  int my_shard() {
    thread_local std::unordered_map<std::uint64_t, int> shard_in;
    const auto [entry, first_time] = shard_in.try_emplace(id_);
    if (first_time) {
      const int index = next_shard_.load();
      next_shard_.store(index + 1);
      entry->second = index;
    }
    return entry->second;
  }

  inline static std::atomic<std::uint64_t> next_id_{0};
  const std::uint64_t id_ = next_id_.fetch_add(1);
  std::array<Shard, 64> shards_{};
  std::atomic<int> next_shard_{0};
};
