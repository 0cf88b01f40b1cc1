// Forced interleaving for 16-byte atomics, such as a std::atomic of a struct of two longs.
//
// The harness makes a thread in forced interleaving yield after every 1- to 8-byte atomic load
// (racelab/interleaving.hpp). GCC's ThreadSanitizer turns a 16-byte atomic load into a call of
// __tsan_atomic128_load, which the harness does not wrap, so an add() that loads a 16-byte state
// and then stores a new one would lose samples on two cores only. This exercise's tests are
// linked with --wrap=__tsan_atomic128_load (see CMakeLists.txt), which sends those loads here:
// after the real load, the wrapper loads an 8-byte atomic of its own, and the harness yields
// after that load exactly when the calling thread is in forced interleaving. So a 16-byte load
// yields when, and only when, a smaller one would. It adds no synchronization between threads.
#if defined(__SANITIZE_THREAD__)
#define RACELAB_WIDE_ATOMICS_WRAPPED 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define RACELAB_WIDE_ATOMICS_WRAPPED 1
#endif
#endif

#if defined(RACELAB_WIDE_ATOMICS_WRAPPED) && defined(__SIZEOF_INT128__)
#include <atomic>

namespace {
std::atomic<long> yield_point{0};  // loaded only to reach the harness's yield
}  // namespace

extern "C" {
__int128 __real___tsan_atomic128_load(const volatile __int128* address, int order);
__int128 __wrap___tsan_atomic128_load(const volatile __int128* address, int order) {
  const __int128 value = __real___tsan_atomic128_load(address, order);
  (void)yield_point.load(std::memory_order_relaxed);
  return value;
}
}  // extern "C"
#endif
