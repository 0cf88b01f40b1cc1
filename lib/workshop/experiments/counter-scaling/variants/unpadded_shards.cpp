// NOT a reference solution: written for this experiment only, to show false sharing. It is
// solutions/03-counter-sharded/padded-shards with one change, the shards are not padded: eight
// 8-byte counts share each 64-byte cache line. No two threads ever write the same count, so the
// result is right and there is no data race; but the cores write the same cache line, and each
// write takes the whole line away from the other cores, as if the count were shared.
#include <array>
#include <atomic>
#include <cstdint>
#include <unordered_map>

#include "variant.hpp"

namespace {

class UnpaddedShardedCounter {
 public:
  void increment() { ++shards_[my_shard()].count; }

  long value() const {
    long total = 0;
    for (const Shard& shard : shards_) total += shard.count;
    return total;
  }

 private:
  static constexpr int kMaxThreads = 64;

  struct Shard {  // the only change: no alignas(64), so neighbouring shards share a cache line
    long count = 0;
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

}  // namespace

Variant UnpaddedShards() {
  return MakeVariant<UnpaddedShardedCounter>(
      "unpadded-shards", "unpadded shards: false sharing (not a solution)", true, false);
}
