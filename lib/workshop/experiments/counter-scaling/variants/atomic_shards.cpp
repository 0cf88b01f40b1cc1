// Exercise 03 fixed with padded shards that are atomics updated with relaxed fetch_add.
#include <array>  // the solution's own includes first (see std_mutex.cpp)
#include <atomic>
#include <cstdint>
#include <unordered_map>

#include "variant.hpp"

#define ShardedCounter AtomicShardsCounter
#include "03-counter-sharded/atomic-shards/sharded_counter.hpp"
#undef ShardedCounter

Variant AtomicShards() {
  return MakeVariant<AtomicShardsCounter>("atomic-shards", "atomic shards (03)", true, true);
}
