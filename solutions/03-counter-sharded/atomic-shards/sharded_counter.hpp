// Exercise 03, solved with atomic shards: the same per-thread shards, each an atomic that only
// its own thread updates, with a relaxed fetch_add. Nobody else writes the shard, so the atomic
// read-modify-write never has to wait for another core; what it buys is that value() may read
// the shards at any time, even while threads still count, without a data race.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <unordered_map>

class ShardedCounter {
 public:
  void increment() { shards_[my_shard()].count.fetch_add(1, std::memory_order_relaxed); }

  long value() const {
    long total = 0;
    for (const Shard& shard : shards_) total += shard.count.load(std::memory_order_relaxed);
    return total;
  }

 private:
  static constexpr int kMaxThreads = 64;

  // 64 bytes on x86-64; C++17 calls it std::hardware_destructive_interference_size, but GCC
  // warns that its value may differ between compiler versions, so we spell it out.
  struct alignas(64) Shard {
    std::atomic<long> count{0};
  };

  int my_shard() {
    thread_local std::unordered_map<std::uint64_t, int> shard_in;
    const auto [entry, first_time] = shard_in.try_emplace(id_);
    if (first_time) entry->second = next_shard_.fetch_add(1, std::memory_order_relaxed);
    return entry->second;
  }

  inline static std::atomic<std::uint64_t> next_id_{0};
  const std::uint64_t id_ = next_id_.fetch_add(1);

  std::array<Shard, kMaxThreads> shards_{};
  std::atomic<int> next_shard_{0};
};
