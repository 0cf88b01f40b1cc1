// Exercise 03 fixed with tbb::combinable: TBB keeps one count per thread.
#include "tbb/combinable.h"

#include <functional>  // the solution's own includes first (see std_mutex.cpp)

#include "variant.hpp"

#define ShardedCounter CombinableCounter
#include "03-counter-sharded/combinable/sharded_counter.hpp"
#undef ShardedCounter

Variant Combinable() {
  return MakeVariant<CombinableCounter>("combinable", "tbb::combinable (03)", true, true);
}
