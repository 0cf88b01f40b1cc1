// Exercise 01 fixed with std::mutex: every increment takes and releases one lock.
#include <mutex>  // the solution's own includes first: the rename below must reach only its class

#include "variant.hpp"

#define Counter StdMutexCounter  // a name of its own (see variant.hpp: the ODR trap)
#include "01-counter-mutex/std-mutex/counter.hpp"
#undef Counter

Variant StdMutex() {
  return MakeVariant<StdMutexCounter>("std-mutex", "std::mutex (01)", true, false);
}
