// Exercise 03 fixed by hand: one cache-line-sized shard per thread, a plain ++ on it.
#include <array>  // the solution's own includes first (see std_mutex.cpp)
#include <atomic>
#include <cstdint>
#include <unordered_map>

#include "variant.hpp"

#define ShardedCounter PaddedShardsCounter
#include "03-counter-sharded/padded-shards/sharded_counter.hpp"
#undef ShardedCounter

Variant PaddedShards() {
  return MakeVariant<PaddedShardsCounter>("padded-shards", "padded shards (03)", true, true);
}
