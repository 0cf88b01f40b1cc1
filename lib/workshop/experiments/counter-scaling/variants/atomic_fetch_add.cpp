// Exercise 02 fixed with std::atomic<long>::fetch_add: no lock, but every increment is a
// read-modify-write of the one cache line that all threads write.
#include <atomic>  // the solution's own includes first (see std_mutex.cpp)

#include "variant.hpp"

#define Counter AtomicFetchAddCounter
#include "02-counter-atomic/atomic-fetch-add/counter.hpp"
#undef Counter

Variant AtomicFetchAdd() {
  return MakeVariant<AtomicFetchAddCounter>("atomic-fetch-add", "atomic fetch_add (02)", true,
                                            false);
}
