// The wrappers behind forced interleaving (see interleaving.hpp). The link options that route
// the calls here are in lib/harness/CMakeLists.txt; the two lists must name the same functions.
#include "racelab/interleaving.hpp"

#include <pthread.h>
#include <sched.h>

namespace racelab {
namespace {

thread_local bool forced = false;

inline void YieldIfForced() {
  if (forced) sched_yield();
}

}  // namespace

// Watched locks (watched_locks.cpp), in the binaries that link it.
__attribute__((weak)) void WatchedLockReleased(const void* lock);

ForcedInterleaving::ForcedInterleaving() : previous_(forced) { forced = true; }
ForcedInterleaving::~ForcedInterleaving() { forced = previous_; }

}  // namespace racelab

extern "C" {

// ThreadSanitizer turns every atomic load of instrumented code into a call of
// __tsan_atomic<bits>_load(address, memory_order). Without it, atomic loads are not hooked.
#if defined(__SANITIZE_THREAD__)
#define RACELAB_THREAD_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define RACELAB_THREAD_SANITIZER 1
#endif
#endif
#ifdef RACELAB_THREAD_SANITIZER
#define RACELAB_YIELD_AFTER_LOAD(bits, type)                                        \
  type __real___tsan_atomic##bits##_load(const volatile type* address, int order);  \
  type __wrap___tsan_atomic##bits##_load(const volatile type* address, int order) { \
    const type value = __real___tsan_atomic##bits##_load(address, order);           \
    racelab::YieldIfForced();                                                       \
    return value;                                                                   \
  }
RACELAB_YIELD_AFTER_LOAD(8, char)
RACELAB_YIELD_AFTER_LOAD(16, short)
RACELAB_YIELD_AFTER_LOAD(32, int)
RACELAB_YIELD_AFTER_LOAD(64, long)
#undef RACELAB_YIELD_AFTER_LOAD
#endif  // RACELAB_THREAD_SANITIZER

// std::mutex, std::shared_mutex and pthread spinlocks unlock through these.
#define RACELAB_YIELD_AFTER_UNLOCK(function, type)     \
  int __real_##function(type* lock);                   \
  int __wrap_##function(type* lock) {                  \
    if (racelab::WatchedLockReleased != nullptr) {     \
      racelab::WatchedLockReleased((const void*)lock); \
    }                                                  \
    const int result = __real_##function(lock);        \
    racelab::YieldIfForced();                          \
    return result;                                     \
  }
RACELAB_YIELD_AFTER_UNLOCK(pthread_mutex_unlock, pthread_mutex_t)
RACELAB_YIELD_AFTER_UNLOCK(pthread_rwlock_unlock, pthread_rwlock_t)
RACELAB_YIELD_AFTER_UNLOCK(pthread_spin_unlock, pthread_spinlock_t)
#undef RACELAB_YIELD_AFTER_UNLOCK

// absl::Mutex::Unlock() and ReaderUnlock() (Abseil 20220623, the version the lab pins). The real
// functions are weak references: a binary that does not link Abseil never calls these wrappers.
#define RACELAB_YIELD_AFTER_ABSL_UNLOCK(function)            \
  __attribute__((weak)) void __real_##function(void* mutex); \
  void __wrap_##function(void* mutex) {                      \
    __real_##function(mutex);                                \
    racelab::YieldIfForced();                                \
  }
RACELAB_YIELD_AFTER_ABSL_UNLOCK(_ZN4absl12lts_202206235Mutex6UnlockEv)
RACELAB_YIELD_AFTER_ABSL_UNLOCK(_ZN4absl12lts_202206235Mutex12ReaderUnlockEv)
#undef RACELAB_YIELD_AFTER_ABSL_UNLOCK

}  // extern "C"
