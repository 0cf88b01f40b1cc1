// Exercise 03, solved by hand: cache-line-sized shards, one per thread, with the shard indexes
// handed out by an atomic fetch_add. A thread takes its index once per counter and then counts
// with a plain ++ that no other thread ever touches.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <unordered_map>

class ShardedCounter {
 public:
  void increment() { ++shards_[my_shard()].count; }

  // After the incrementing threads have finished (their joins order their writes before this).
  long value() const {
    long total = 0;
    for (const Shard& shard : shards_) total += shard.count;
    return total;
  }

 private:
  static constexpr int kMaxThreads = 64;  // the most threads that ever increment one counter

  struct alignas(64) Shard {  // one cache line each: no false sharing between neighbours
    long count = 0;
  };

  // The calling thread's shard in this counter. Most calls end at the first `if`: the thread
  // remembers the last counter it used and its shard there, so that counting in a loop costs one
  // comparison, not a hash-map lookup (which would cost more than the increment itself).
  int my_shard() {
    if (last_id_ == id_) return last_shard_;
    return find_shard();
  }

  [[gnu::noinline]] int find_shard() {
    thread_local std::unordered_map<std::uint64_t, int> shard_in;  // counter id -> shard index
    const auto [entry, first_time] = shard_in.try_emplace(id_);
    // fetch_add reads and increments in one indivisible step, so no two threads ever get the
    // same index. One read-modify-write per thread and counter, not per increment.
    if (first_time) entry->second = next_shard_.fetch_add(1, std::memory_order_relaxed);
    last_id_ = id_;
    last_shard_ = entry->second;
    return entry->second;
  }

  inline static thread_local std::uint64_t last_id_ = 0;  // ids start at 1: 0 is no counter
  inline static thread_local int last_shard_ = 0;

  inline static std::atomic<std::uint64_t> next_id_{1};
  const std::uint64_t id_ = next_id_.fetch_add(1);  // never reused, unlike an address

  std::array<Shard, kMaxThreads> shards_{};
  std::atomic<int> next_shard_{0};
};
