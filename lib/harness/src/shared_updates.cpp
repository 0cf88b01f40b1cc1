// The census of shared updates (see shared_updates.hpp) and the wrappers that feed it. The link
// options that route the calls here are in lib/harness/shared_updates.cmake; the two lists must
// name the same functions.
//
// This file is compiled without the sanitizer: its own atomics must not be routed back into its
// wrappers (they would call themselves), and ThreadSanitizer must not take its bookkeeping for
// synchronization between the threads it watches.
#include "racelab/shared_updates.hpp"

#include <pthread.h>

#include <atomic>
#include <bit>
#include <cstddef>
#include <cstdint>

namespace racelab {
namespace {

struct Entry {
  std::atomic<std::uintptr_t> address{0};  // 0: free
  std::atomic<long> updates{0};
  std::atomic<std::uint64_t> threads{0};  // bit i: the census's thread i (mod 64) updated it
  std::atomic<const char*> operation{nullptr};
};

constexpr std::size_t kEntries = std::size_t{1} << 14;  // a power of two
Entry table[kEntries];                                  // open addressing, by address

std::atomic<bool> running{false};
std::atomic<int> generation{0};  // changes with each census, so threads number themselves anew
std::atomic<int> next_thread{0};
std::atomic<long> total_updates{0};

thread_local bool counted = false;
thread_local int my_generation = -1;
thread_local int my_number = 0;

int ThreadNumber() {
  const int now = generation.load(std::memory_order_relaxed);
  if (my_generation != now) {
    my_generation = now;
    my_number = next_thread.fetch_add(1, std::memory_order_relaxed);
  }
  return my_number;
}

void Record(const volatile void* variable, const char* operation) {
  if (!counted || !running.load(std::memory_order_relaxed)) return;
  const auto address = reinterpret_cast<std::uintptr_t>(variable);
  const std::uint64_t bit = std::uint64_t{1} << (ThreadNumber() % 64);
  total_updates.fetch_add(1, std::memory_order_relaxed);
  std::size_t i = (address >> 3) * 0x9E3779B97F4A7C15u >> 50;  // 14 bits
  for (std::size_t probes = 0; probes < kEntries; ++probes, i = (i + 1) & (kEntries - 1)) {
    Entry& entry = table[i];
    std::uintptr_t seen = entry.address.load(std::memory_order_relaxed);
    if (seen == 0 && entry.address.compare_exchange_strong(seen, address)) {
      const char* none = nullptr;
      entry.operation.compare_exchange_strong(none, operation);
      seen = address;
    }
    if (seen == address) {
      entry.updates.fetch_add(1, std::memory_order_relaxed);
      entry.threads.fetch_or(bit, std::memory_order_relaxed);
      return;
    }
  }
  // The table is full: this update goes uncounted (a census sees a few hundred variables).
}

}  // namespace

UpdateCensus::UpdateCensus() {
  for (Entry& entry : table) {
    entry.address.store(0, std::memory_order_relaxed);
    entry.updates.store(0, std::memory_order_relaxed);
    entry.threads.store(0, std::memory_order_relaxed);
    entry.operation.store(nullptr, std::memory_order_relaxed);
  }
  total_updates.store(0, std::memory_order_relaxed);
  next_thread.store(0, std::memory_order_relaxed);
  generation.fetch_add(1, std::memory_order_relaxed);
  running.store(true, std::memory_order_relaxed);
}

UpdateCensus::~UpdateCensus() { running.store(false, std::memory_order_relaxed); }

UpdateCensus::Counted::Counted() : previous_(counted) { counted = true; }
UpdateCensus::Counted::~Counted() { counted = previous_; }

SharedUpdates UpdateCensus::Busiest() const {
  SharedUpdates busiest;
  for (const Entry& entry : table) {
    const int threads = std::popcount(entry.threads.load(std::memory_order_relaxed));
    const long updates = entry.updates.load(std::memory_order_relaxed);
    if (threads >= 2 && updates > busiest.updates) {
      busiest.address = entry.address.load(std::memory_order_relaxed);
      busiest.updates = updates;
      busiest.threads = threads;
      const char* operation = entry.operation.load(std::memory_order_relaxed);
      busiest.operation = operation != nullptr ? operation : "";
    }
  }
  return busiest;
}

long UpdateCensus::total() const { return total_updates.load(std::memory_order_relaxed); }

bool UpdateCensus::SeesAtomics() {
#ifdef RACELAB_CENSUS_ATOMICS
  return true;
#else
  return false;
#endif
}

}  // namespace racelab

extern "C" {

// Blocking locks (pthread_mutex_lock, the rwlock locks, pthread_spin_lock) are wrapped once, in
// wait_sites.cpp, which reports each one here.
void racelab_census_count_lock(const volatile void* lock, const char* what) {
  racelab::Record(lock, what);
}

// The try-locks: std::mutex, std::shared_mutex, std::recursive_mutex and pthread spinlocks take
// them through these.
#define RACELAB_COUNT_LOCK(function, type, what) \
  int __real_##function(type* lock);             \
  int __wrap_##function(type* lock) {            \
    racelab::Record(lock, what);                 \
    return __real_##function(lock);              \
  }
RACELAB_COUNT_LOCK(pthread_mutex_trylock, pthread_mutex_t, "mutex try_lock")
RACELAB_COUNT_LOCK(pthread_rwlock_tryrdlock, pthread_rwlock_t, "shared try_lock")
RACELAB_COUNT_LOCK(pthread_rwlock_trywrlock, pthread_rwlock_t, "exclusive try_lock")
RACELAB_COUNT_LOCK(pthread_spin_trylock, pthread_spinlock_t, "spin try_lock")
#undef RACELAB_COUNT_LOCK

#ifdef RACELAB_CENSUS_ATOMICS
// ThreadSanitizer turns every atomic read-modify-write of instrumented code into a call of
// __tsan_atomic<bits>_<operation>. Locks built on atomics (absl::Mutex, TBB's spin locks,
// std::atomic_flag) show up here too.
#define RACELAB_COUNT_RMW(bits, type, operation)                                                 \
  type __real___tsan_atomic##bits##_##operation(volatile type* address, type value, int order);  \
  type __wrap___tsan_atomic##bits##_##operation(volatile type* address, type value, int order) { \
    racelab::Record(address, "atomic " #operation);                                              \
    return __real___tsan_atomic##bits##_##operation(address, value, order);                      \
  }
#define RACELAB_COUNT_CAS(bits, type, operation)                                                   \
  int __real___tsan_atomic##bits##_##operation(volatile type* address, type* expected, type value, \
                                               int order, int failure_order);                      \
  int __wrap___tsan_atomic##bits##_##operation(volatile type* address, type* expected, type value, \
                                               int order, int failure_order) {                     \
    racelab::Record(address, "atomic " #operation);                                                \
    return __real___tsan_atomic##bits##_##operation(address, expected, value, order,               \
                                                    failure_order);                                \
  }
#define RACELAB_COUNT_CAS_VALUE(bits, type)                                                   \
  type __real___tsan_atomic##bits##_compare_exchange_val(                                     \
      volatile type* address, type expected, type value, int order, int failure_order);       \
  type __wrap___tsan_atomic##bits##_compare_exchange_val(                                     \
      volatile type* address, type expected, type value, int order, int failure_order) {      \
    racelab::Record(address, "atomic compare_exchange");                                      \
    return __real___tsan_atomic##bits##_compare_exchange_val(address, expected, value, order, \
                                                             failure_order);                  \
  }
#define RACELAB_COUNT_ALL(bits, type)                    \
  RACELAB_COUNT_RMW(bits, type, exchange)                \
  RACELAB_COUNT_RMW(bits, type, fetch_add)               \
  RACELAB_COUNT_RMW(bits, type, fetch_sub)               \
  RACELAB_COUNT_RMW(bits, type, fetch_and)               \
  RACELAB_COUNT_RMW(bits, type, fetch_or)                \
  RACELAB_COUNT_RMW(bits, type, fetch_xor)               \
  RACELAB_COUNT_RMW(bits, type, fetch_nand)              \
  RACELAB_COUNT_CAS(bits, type, compare_exchange_strong) \
  RACELAB_COUNT_CAS(bits, type, compare_exchange_weak)   \
  RACELAB_COUNT_CAS_VALUE(bits, type)
RACELAB_COUNT_ALL(8, char)
RACELAB_COUNT_ALL(16, short)
RACELAB_COUNT_ALL(32, int)
RACELAB_COUNT_ALL(64, long)
#undef RACELAB_COUNT_ALL
#undef RACELAB_COUNT_CAS_VALUE
#undef RACELAB_COUNT_CAS
#undef RACELAB_COUNT_RMW
#endif  // RACELAB_CENSUS_ATOMICS

}  // extern "C"
