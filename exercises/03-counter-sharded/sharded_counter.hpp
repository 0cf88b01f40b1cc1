// Exercise 03: a counter that scales with the number of threads.
//
// The counters of exercises 01 and 02 make every thread update one shared variable. With a lock
// the threads take turns; with an atomic they do not wait, but the cache line that holds the
// count still has to travel to each core in turn, on every single increment. A sharded counter
// shares nothing while counting: each thread adds up in a shard of its own, with a plain `++`
// that no other thread ever touches, and value() adds the shards together at the end.
//
// Here a thread gets its shard on its first increment of a counter, by taking the next free
// index, next_shard_. Many threads start counting at the same moment, and `next_shard_++` is a
// load, an add and a store: two threads can take the same index, and then two threads count in
// one shard after all.
//
// Task: give every thread a shard of its own. Either hand out the indexes safely, or let oneTBB
// keep one count per thread for you. increment() may take no lock that other threads also take,
// and make no atomic read-modify-write on a variable that other threads also update, on every
// call. Keep the public interface as it is.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <unordered_map>

class ShardedCounter {
 public:
  // Called by many threads at once: each thread counts in its own shard.
  void increment() { ++shards_[my_shard()].count; }

  // The sum of all shards. Called after the incrementing threads have finished.
  long value() const {
    long total = 0;
    for (const Shard& shard : shards_) total += shard.count;
    return total;
  }

 private:
  // The most threads that ever increment one counter.
  static constexpr int kMaxThreads = 64;

  // Each shard fills a cache line of its own (64 bytes), so that threads counting in neighbouring
  // shards do not keep taking the same line away from each other's cores ("false sharing").
  struct alignas(64) Shard {
    long count = 0;
  };

  // The index of the calling thread's shard in this counter. The thread takes one the first time
  // it increments this counter, and remembers it in a table of its own.
  int my_shard() {
    thread_local std::unordered_map<std::uint64_t, int> shard_in;  // counter id -> shard index
    const auto [entry, first_time] = shard_in.try_emplace(id_);
    if (first_time) entry->second = next_shard_++;
    return entry->second;
  }

  // Every counter gets an id that no other counter ever has, even one created later at the same
  // address: a thread's table must never mistake a new counter for an old one.
  inline static std::atomic<std::uint64_t> next_id_{0};
  const std::uint64_t id_ = next_id_.fetch_add(1);

  std::array<Shard, kMaxThreads> shards_{};
  int next_shard_ = 0;  // the next shard to hand out
};
