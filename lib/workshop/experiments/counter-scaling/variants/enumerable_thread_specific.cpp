// Exercise 03 fixed with tbb::enumerable_thread_specific: TBB keeps one padded count per thread.
#include "tbb/enumerable_thread_specific.h"

#include <functional>  // the solution's own includes first (see std_mutex.cpp)

#include "variant.hpp"

#define ShardedCounter EnumerableThreadSpecificCounter
#include "03-counter-sharded/enumerable-thread-specific/sharded_counter.hpp"
#undef ShardedCounter

Variant EnumerableThreadSpecific() {
  return MakeVariant<EnumerableThreadSpecificCounter>(
      "enumerable-thread-specific", "tbb::enumerable_thread_specific (03)", true, true);
}
