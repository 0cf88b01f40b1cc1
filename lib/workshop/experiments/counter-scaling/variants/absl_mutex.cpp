// Exercise 01 fixed with absl::Mutex: the same lock per increment, Abseil's implementation.
#include "absl/base/thread_annotations.h"  // the solution's own includes first (see std_mutex.cpp)
#include "absl/synchronization/mutex.h"
#include "variant.hpp"

#define Counter AbslMutexCounter
#include "01-counter-mutex/absl-mutex/counter.hpp"
#undef Counter

Variant AbslMutex() {
  return MakeVariant<AbslMutexCounter>("absl-mutex", "absl::Mutex (01)", true, false);
}
