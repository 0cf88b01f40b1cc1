// The explorer's runtime, linked instead of ThreadSanitizer's: definitions of the hooks that
// GCC's -fsanitize=thread instrumentation calls (every memory access, atomic operation, function
// entry and exit), of the pthread calls that block (mutexes, reader-writer locks, condition
// variables, once, yield) and of __cxa_guard_* and operator delete. Exactly one scenario thread
// runs at a time; at every visible operation the runtime asks the policy who runs next, and
// records the step into memory shared with the search (trace.hpp).
//
// Locks, condition variables and once flags are modelled here, never handed to the real pthread
// calls while the scenario runs: a thread whose lock is taken is parked on its own semaphore, not
// blocked in the kernel where the scheduler could not see it. Code that runs outside the scenario
// (the set-up and the check, on the main thread) goes to the real calls.
//
// Not seen: futex calls made directly from headers (C++20 atomic::wait, std::latch,
// std::barrier, std::counting_semaphore), Abseil's and oneTBB's own locks, threads that the code
// under test starts itself (the run ends as unsupported), and weak-memory outcomes (every atomic runs sequentially consistent).
#include <dlfcn.h>
#include <errno.h>
#include <execinfo.h>
#include <malloc.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>

#include "racelab/explore.hpp"
#include "trace.hpp"

namespace racelab::explore {
namespace {

struct Thread {
  sem_t go;  // posted when the policy chooses this thread
  pthread_t handle;
  int id = 0;
  bool done = false;
  Step next{};       // the operation it waits to run
  int current = -1;  // the index of the step it runs now
  int pending = -1;  // a write step whose value is known once the thread comes back
  const void* cond = nullptr;
  bool notified = false, timed_out = false, timed = false;
  bool spurious = false;  // the schedule woke it from its wait without a notify
  long wait_order = 0;
  std::uint64_t calls[64];  // call sites from __tsan_func_entry, outermost first
  int depth = 0;
  long priority = 0;  // PCT
  const Scenario::ThreadSpec* spec = nullptr;
};

struct Lock {
  const void* addr;
  int owner;  // -1: free (or only readers)
  int count;  // recursive depth of the owner
  int readers;
};

struct OnceFlag {
  const void* addr;
  int state;  // 0 not run, 1 running, 2 done
};

struct Freed {
  std::uint64_t addr, size;
  int step;
};

Shared* g_shared = nullptr;
Policy g_policy;
Thread g_threads[kMaxThreads];
int g_count = 0;
sem_t g_finished;
// While the threads start, one at a time: each runs up to its first visible operation and parks
// there. What it does before is its own business (no other thread can see it), so the schedule
// begins with every thread's first real operation known, and a thread whose first operation is
// a lock that is taken does not count as one that could run.
bool g_starting = false;
sem_t g_started;
Lock g_locks[256];
int g_lock_count = 0;
OnceFlag g_onces[64];
int g_once_count = 0;
Freed g_freed[4096];
int g_freed_count = 0;
long g_wait_order = 0;
std::uintptr_t g_base = 0;
std::uint64_t g_rng = 0;
long g_change_steps[16];
thread_local Thread* self = nullptr;
int g_run_length = 0;  // steps the running thread has run in a row
constexpr int kFairSteps = 2000;

// The scenario thread calling, or null outside the scenario (set-up, check, the search).
// (Null too while the runtime itself calls a library that calls what it interposes: backtrace()
// starts the unwinder with pthread_once, which is no step of the scenario.)
thread_local bool in_runtime = false;
Thread* Self() { return self != nullptr && !self->done && !in_runtime ? self : nullptr; }

std::uint64_t Random() {  // splitmix64
  std::uint64_t z = (g_rng += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

[[noreturn]] void Finish(Outcome outcome) {
  g_shared->outcome = outcome;
  _exit(0);
}

Lock& FindLock(const void* addr) {
  for (int i = 0; i < g_lock_count; ++i) {
    if (g_locks[i].addr == addr) return g_locks[i];
  }
  if (g_lock_count == 256) Finish(Outcome::kTooLong);
  g_locks[g_lock_count] = {addr, -1, 0, 0};
  return g_locks[g_lock_count++];
}

OnceFlag& FindOnce(const void* addr) {
  for (int i = 0; i < g_once_count; ++i) {
    if (g_onces[i].addr == addr) return g_onces[i];
  }
  if (g_once_count == 64) Finish(Outcome::kTooLong);
  g_onces[g_once_count] = {addr, 0};
  return g_onces[g_once_count++];
}

bool Enabled(const Thread& t) {  // can run its next step now
  if (t.done) return false;
  const void* addr = reinterpret_cast<const void*>(t.next.addr);
  switch (t.next.op) {
    case Op::kLock:
    case Op::kWriteLock: {
      const Lock& lock = FindLock(addr);
      return (lock.owner == -1 || lock.owner == t.id) && lock.readers == 0;
    }
    case Op::kReadLock:
      return FindLock(addr).owner == -1;
    case Op::kCondWake:
      return t.notified || t.timed_out;
    case Op::kOnce:
      return FindOnce(addr).state != 1;
    default:
      return true;
  }
}

// The thread the policy runs next when it has no reason to switch: the one running, unless it
// cannot go on or yields; then the next one in turn.
int Default(unsigned enabled, int prev, bool yielding) {
  if (prev >= 0 && !yielding && (enabled & (1u << prev))) return prev;
  for (int k = 1; k <= g_count; ++k) {
    const int t = (prev + k + g_count) % g_count;
    if (enabled & (1u << t)) return t;
  }
  return prev;
}

// PCT (Burckhardt et al.): random priorities, the highest enabled runs; at each change step the
// running thread drops to a priority below all the initial ones.
int Pct(unsigned enabled, int prev, bool yielding, int step) {
  for (int k = 0; k + 1 < g_policy.pct_depth; ++k) {
    if (g_change_steps[k] == step && prev >= 0) g_threads[prev].priority = k;
  }
  int best = -1;
  for (int t = 0; t < g_count; ++t) {
    if (!(enabled & (1u << t)) || (yielding && t == prev && enabled != (1u << t))) continue;
    if (best < 0 || g_threads[t].priority > g_threads[best].priority) best = t;
  }
  return best;
}

[[noreturn]] void Deadlock() {
  g_shared->blocked_count = 0;
  for (int t = 0; t < g_count; ++t) {
    if (g_threads[t].done) continue;
    Step s = g_threads[t].next;
    s.holder = -1;
    if (s.op == Op::kLock || s.op == Op::kWriteLock || s.op == Op::kReadLock) {
      s.holder = static_cast<std::int8_t>(FindLock(reinterpret_cast<void*>(s.addr)).owner);
    }
    g_shared->blocked[g_shared->blocked_count++] = s;
  }
  Finish(Outcome::kDeadlock);
}

// Chooses who runs the next step and records it; -1 when every thread has finished.
int Choose(Thread* prev) {
  unsigned enabled = 0, wakeable = 0;
  bool all_done = true;
  for (int t = 0; t < g_count; ++t) {
    const Thread& thread = g_threads[t];
    all_done = all_done && thread.done;
    if (Enabled(thread)) {
      enabled |= 1u << t;
    } else if (!thread.done && thread.next.op == Op::kCondWake) {
      wakeable |= 1u << t;
    }
  }
  if (all_done) return -1;
  if (enabled == 0) {  // the first timed wait times out
    for (int t = 0; t < g_count && enabled == 0; ++t) {
      Thread& w = g_threads[t];
      if (!w.done && w.next.op == Op::kCondWake && w.timed) {
        w.timed_out = true;
        enabled = 1u << t;
      }
    }
  }
  // No thread can go on: a deadlock, even if a waiter could still wake spuriously (the standard
  // allows such a wake-up, never promises one).
  if (enabled == 0) Deadlock();
  const int n = g_shared->steps;
  if (n >= kMaxSteps) Finish(Outcome::kTooLong);
  const int prev_id = prev != nullptr ? prev->id : -1;
  // A thread that has run kFairSteps steps in a row while others could run is spinning (a
  // spinlock, a flag it waits for): it gives way as if it yielded, or the run never ends.
  const bool spinning = g_run_length >= kFairSteps && (enabled & ~(1u << prev_id)) != 0;
  const bool yielding = prev != nullptr && !prev->done && (prev->next.op == Op::kYield || spinning);
  int chosen;
  bool spurious = false;
  if (n < g_policy.prefix_len) {
    chosen = g_policy.prefix[n];
    spurious = chosen < g_count && (wakeable & (1u << chosen));
    if (spurious) {
      g_threads[chosen].spurious = true;  // its wait returns without a notify
    } else if (chosen >= g_count || !(enabled & (1u << chosen))) {
      g_shared->diverged = 1;
      chosen = Default(enabled, prev_id, yielding);
    }
  } else if (g_policy.pct) {
    chosen = Pct(enabled, prev_id, yielding, n);
  } else {
    chosen = Default(enabled, prev_id, yielding);
  }
  g_run_length = chosen == prev_id ? g_run_length + 1 : 0;
  Thread& t = g_threads[chosen];
  Step& s = g_shared->step[n];
  s = t.next;
  s.thread = static_cast<std::uint8_t>(chosen);
  s.enabled = static_cast<std::uint16_t>(enabled);
  s.wakeable = static_cast<std::uint8_t>(wakeable);
  s.flags = (yielding ? kYielding : 0) | (spurious ? kSpurious : 0);
  t.current = n;
  g_shared->steps = n + 1;
  return chosen;
}

void ReadValue(Step& s, const volatile void* addr, int size) {
  std::uint64_t v = 0;
  std::memcpy(&v, const_cast<const void*>(addr), size > 8 ? 8 : size);
  s.value = v;
  s.flags |= kHasValue;
}

// The value of this thread's last write, now that it has happened.
void ResolvePending(Thread* me) {
  if (me->pending < 0) return;
  Step& s = g_shared->step[me->pending];
  std::uint64_t v = 0;
  std::memcpy(&v, reinterpret_cast<const void*>(s.addr), s.size > 8 ? 8 : s.size);
  s.written = v;
  s.flags |= kHasWritten;
  me->pending = -1;
}

// A visible operation of the calling scenario thread: waits until the policy runs it, and
// returns its step, to which the caller adds what the operation read and wrote.
Step& Visible(Thread* me, Op op, const volatile void* addr, std::uint64_t size, void* pc,
              std::uint64_t other = 0) {
  ResolvePending(me);
  Step& next = me->next;
  next = Step{};
  next.thread = static_cast<std::uint8_t>(me->id);
  next.op = op;
  next.addr = reinterpret_cast<std::uintptr_t>(addr);
  next.size = static_cast<std::uint8_t>(size > 255 ? 255 : size);
  next.other = other;
  next.holder = -1;
  next.pc = reinterpret_cast<std::uintptr_t>(pc) - g_base;
  for (int k = 0; k < kStackDepth && k < me->depth; ++k) {
    next.stack[k] = me->calls[me->depth - 1 - k] - g_base;
  }
  if (g_starting) {
    sem_post(&g_started);  // parked at its first visible operation: the next thread may start
  } else {
    const int chosen = Choose(me);
    if (chosen == me->id) return g_shared->step[me->current];
    sem_post(&g_threads[chosen].go);
  }
  while (sem_wait(&me->go) != 0) {
  }
  return g_shared->step[me->current];
}

// Ends the run as a use-after-free if step `s` touches memory freed earlier.
void CheckFreed(Step& s, const volatile void* addr, std::uint64_t size) {
  const auto a = reinterpret_cast<std::uintptr_t>(addr);
  for (int i = 0; i < g_freed_count; ++i) {
    if (a < g_freed[i].addr + g_freed[i].size && g_freed[i].addr < a + size) {
      s.other = static_cast<std::uint64_t>(g_freed[i].step);
      Finish(Outcome::kUseAfterFree);
    }
  }
}

// A plain access.
void Access(Op op, const volatile void* addr, std::uint64_t size, void* pc) {
  Thread* me = Self();
  if (me == nullptr) return;
  Step& s = Visible(me, op, addr, size, pc);
  CheckFreed(s, addr, size);
  if (op == Op::kRead) {
    ReadValue(s, addr, static_cast<int>(size));
  } else if (size <= 8) {
    me->pending = me->current;
  }
}

// The return address of the innermost call from this binary's own code (the student's, the
// scenario's) on the stack, skipping the runtime's frame and the library frames between: a
// wait called through std::condition_variable::wait, compiled into libstdc++, is then told
// at the student's line.
[[gnu::noinline]] void* CallerInBinary(void* fallback) {
  void* frames[8];
  in_runtime = true;
  const int n = backtrace(frames, 8);
  in_runtime = false;
  for (int k = 2; k < n; ++k) {  // 0: here, 1: the interposed call
    Dl_info info{};
    if (dladdr(frames[k], &info) != 0 &&
        reinterpret_cast<std::uintptr_t>(info.dli_fbase) == g_base) {
      return frames[k];
    }
  }
  return fallback;
}

void* Real(const char* name, const char* version = nullptr) {
  void* fn = version != nullptr ? dlvsym(RTLD_NEXT, name, version) : nullptr;
  if (fn == nullptr) fn = dlsym(RTLD_NEXT, name);
  if (fn == nullptr) std::abort();
  return fn;
}
#define RACELAB_REAL(name, ...) \
  reinterpret_cast<decltype(&name)>(Real(#name __VA_OPT__(, ) __VA_ARGS__))

void* Trampoline(void* arg) {
  Thread* me = static_cast<Thread*>(arg);
  self = me;
  while (sem_wait(&me->go) != 0) {
  }
  me->spec->body();
  Visible(me, Op::kEnd, nullptr, 0, __builtin_return_address(0));
  me->done = true;
  self = nullptr;
  const int chosen = Choose(me);
  sem_post(chosen < 0 ? &g_finished : &g_threads[chosen].go);
  return nullptr;
}

void Free(void* p, void* pc) {
  Thread* me = Self();
  if (p == nullptr) return;
  if (me == nullptr) {
    std::free(p);
    return;
  }
  const std::uint64_t size = malloc_usable_size(p);
  Step& s = Visible(me, Op::kFree, p, size, pc);
  const auto a = reinterpret_cast<std::uintptr_t>(p);
  for (int i = 0; i < g_freed_count; ++i) {
    if (g_freed[i].addr == a) {
      s.other = static_cast<std::uint64_t>(g_freed[i].step);
      Finish(Outcome::kDoubleFree);
    }
  }
  // Kept, never reused: a later access to it is caught, and new objects get new addresses.
  if (g_freed_count < 4096) g_freed[g_freed_count++] = {a, size, me->current};
}

}  // namespace

void RunOnce(Shared* shared, const Policy& policy) {
  g_shared = shared;
  g_policy = policy;
  Dl_info info{};
  if (dladdr(reinterpret_cast<void*>(&RunOnce), &info) != 0) {
    g_base = reinterpret_cast<std::uintptr_t>(info.dli_fbase);
  }
  alarm(policy.alarm_seconds);  // a run that hangs ends as a crash, not never
  Scenario scenario;
  RacelabScenario(scenario);
  g_count = static_cast<int>(scenario.threads().size());
  if (g_count > kMaxThreads) g_count = kMaxThreads;
  shared->threads = g_count;
  g_rng = policy.seed;
  for (int t = 0; t < g_count; ++t) {
    std::strncpy(shared->labels[t], scenario.threads()[t].calls.c_str(), 95);
  }
  // PCT: distinct initial priorities above the change points' ones.
  for (int t = 0; t < g_count; ++t) g_threads[t].priority = policy.pct_depth + t;
  for (int t = g_count - 1; t > 0; --t) {
    const int k = static_cast<int>(Random() % (t + 1));
    std::swap(g_threads[t].priority, g_threads[k].priority);
  }
  for (int k = 0; k + 1 < policy.pct_depth && k < 16; ++k) {
    g_change_steps[k] = static_cast<long>(Random() % (policy.pct_steps > 0 ? policy.pct_steps : 1));
  }
  sem_init(&g_finished, 0, 0);
  sem_init(&g_started, 0, 0);
  g_starting = true;
  auto create = RACELAB_REAL(pthread_create);
  for (int t = 0; t < g_count; ++t) {
    Thread& thread = g_threads[t];
    thread.id = t;
    thread.spec = &scenario.threads()[t];
    thread.next.op = Op::kStart;
    thread.next.thread = static_cast<std::uint8_t>(t);
    thread.next.holder = -1;
    sem_init(&thread.go, 0, 0);
    if (create(&thread.handle, nullptr, Trampoline, &thread) != 0) std::abort();
    sem_post(&thread.go);
    while (sem_wait(&g_started) != 0) {
    }
  }
  g_starting = false;
  const int first = Choose(nullptr);
  if (first >= 0) {
    sem_post(&g_threads[first].go);
    while (sem_wait(&g_finished) != 0) {
    }
  }
  const std::string message = scenario.RunCheck();
  if (!message.empty()) {
    std::strncpy(shared->message, message.c_str(), sizeof(shared->message) - 1);
    Finish(Outcome::kCheckFailed);
  }
  Finish(Outcome::kHolds);
}

}  // namespace racelab::explore

using namespace racelab::explore;

// ---- The instrumentation's hooks (GCC's names and signatures, as libtsan defines them). ----
extern "C" {

void __tsan_init() {}
void __tsan_func_entry(void* call_site) {
  Thread* me = Self();
  if (me == nullptr) return;
  if (me->depth < 64) me->calls[me->depth] = reinterpret_cast<std::uintptr_t>(call_site);
  ++me->depth;
}
void __tsan_func_exit() {
  Thread* me = Self();
  if (me != nullptr && me->depth > 0) --me->depth;
}

#define RACELAB_ACCESS(n)                                                                          \
  void __tsan_read##n(void* a) { Access(Op::kRead, a, n, __builtin_return_address(0)); }           \
  void __tsan_write##n(void* a) { Access(Op::kWrite, a, n, __builtin_return_address(0)); }         \
  void __tsan_unaligned_read##n(void* a) { Access(Op::kRead, a, n, __builtin_return_address(0)); } \
  void __tsan_unaligned_write##n(void* a) {                                                        \
    Access(Op::kWrite, a, n, __builtin_return_address(0));                                         \
  }                                                                                                \
  void __tsan_volatile_read##n(void* a) { Access(Op::kRead, a, n, __builtin_return_address(0)); }  \
  void __tsan_volatile_write##n(void* a) { Access(Op::kWrite, a, n, __builtin_return_address(0)); }
RACELAB_ACCESS(1)
RACELAB_ACCESS(2)
RACELAB_ACCESS(4)
RACELAB_ACCESS(8)
RACELAB_ACCESS(16)
#undef RACELAB_ACCESS

void __tsan_read_range(void* a, unsigned long size) {
  Access(Op::kRead, a, size, __builtin_return_address(0));
}
void __tsan_write_range(void* a, unsigned long size) {
  Access(Op::kWrite, a, size, __builtin_return_address(0));
}
void __tsan_vptr_update(void** vptr, void* /*value*/) {
  Access(Op::kWrite, vptr, sizeof(void*), __builtin_return_address(0));
}
void __tsan_vptr_read(void** vptr) {
  Access(Op::kRead, vptr, sizeof(void*), __builtin_return_address(0));
}

// Atomics: the hook performs the operation itself. Only one thread runs at a time, so every
// operation is sequentially consistent whatever order it asked for.
#define RACELAB_ATOMIC(n, T)                                                            \
  T __tsan_atomic##n##_load(const volatile T* a, int) {                                 \
    Thread* me = Self();                                                                \
    if (me == nullptr) return __atomic_load_n(a, __ATOMIC_SEQ_CST);                     \
    Step& s = Visible(me, Op::kAtomicLoad, a, n / 8, __builtin_return_address(0));      \
    CheckFreed(s, a, n / 8);                                                            \
    const T v = *a;                                                                     \
    s.value = static_cast<std::uint64_t>(v);                                            \
    s.flags |= kHasValue;                                                               \
    return v;                                                                           \
  }                                                                                     \
  void __tsan_atomic##n##_store(volatile T* a, T v, int) {                              \
    Thread* me = Self();                                                                \
    if (me == nullptr) return __atomic_store_n(a, v, __ATOMIC_SEQ_CST);                 \
    Step& s = Visible(me, Op::kAtomicStore, a, n / 8, __builtin_return_address(0));     \
    CheckFreed(s, a, n / 8);                                                            \
    *a = v;                                                                             \
    s.written = static_cast<std::uint64_t>(v);                                          \
    s.flags |= kHasWritten;                                                             \
  }                                                                                     \
  static T Rmw##n(volatile T* a, void* pc, T (*f)(T, T), T v) {                         \
    Thread* me = Self();                                                                \
    if (me == nullptr) {                                                                \
      T old = __atomic_load_n(a, __ATOMIC_SEQ_CST);                                     \
      while (!__atomic_compare_exchange_n(a, &old, f(old, v), false, __ATOMIC_SEQ_CST,  \
                                          __ATOMIC_SEQ_CST)) {                          \
      }                                                                                 \
      return old;                                                                       \
    }                                                                                   \
    Step& s = Visible(me, Op::kAtomicRmw, a, n / 8, pc);                                \
    CheckFreed(s, a, n / 8);                                                            \
    const T old = *a;                                                                   \
    *a = f(old, v);                                                                     \
    s.value = static_cast<std::uint64_t>(old);                                          \
    s.written = static_cast<std::uint64_t>(*a);                                         \
    s.flags |= kHasValue | kHasWritten;                                                 \
    return old;                                                                         \
  }                                                                                     \
  T __tsan_atomic##n##_exchange(volatile T* a, T v, int) {                              \
    return Rmw##n(                                                                      \
        a, __builtin_return_address(0), [](T, T x) { return x; }, v);                   \
  }                                                                                     \
  T __tsan_atomic##n##_fetch_add(volatile T* a, T v, int) {                             \
    return Rmw##n(                                                                      \
        a, __builtin_return_address(0), [](T o, T x) { return T(o + x); }, v);          \
  }                                                                                     \
  T __tsan_atomic##n##_fetch_sub(volatile T* a, T v, int) {                             \
    return Rmw##n(                                                                      \
        a, __builtin_return_address(0), [](T o, T x) { return T(o - x); }, v);          \
  }                                                                                     \
  T __tsan_atomic##n##_fetch_and(volatile T* a, T v, int) {                             \
    return Rmw##n(                                                                      \
        a, __builtin_return_address(0), [](T o, T x) { return T(o & x); }, v);          \
  }                                                                                     \
  T __tsan_atomic##n##_fetch_or(volatile T* a, T v, int) {                              \
    return Rmw##n(                                                                      \
        a, __builtin_return_address(0), [](T o, T x) { return T(o | x); }, v);          \
  }                                                                                     \
  T __tsan_atomic##n##_fetch_xor(volatile T* a, T v, int) {                             \
    return Rmw##n(                                                                      \
        a, __builtin_return_address(0), [](T o, T x) { return T(o ^ x); }, v);          \
  }                                                                                     \
  T __tsan_atomic##n##_fetch_nand(volatile T* a, T v, int) {                            \
    return Rmw##n(                                                                      \
        a, __builtin_return_address(0), [](T o, T x) { return T(~(o & x)); }, v);       \
  }                                                                                     \
  static bool Cas##n(volatile T* a, T* expected, T desired, void* pc) {                 \
    Thread* me = Self();                                                                \
    if (me == nullptr) {                                                                \
      return __atomic_compare_exchange_n(a, expected, desired, false, __ATOMIC_SEQ_CST, \
                                         __ATOMIC_SEQ_CST);                             \
    }                                                                                   \
    Step& s = Visible(me, Op::kAtomicRmw, a, n / 8, pc);                                \
    CheckFreed(s, a, n / 8);                                                            \
    const T old = *a;                                                                   \
    s.value = static_cast<std::uint64_t>(old);                                          \
    s.flags |= kHasValue;                                                               \
    if (old != *expected) {                                                             \
      *expected = old;                                                                  \
      return false;                                                                     \
    }                                                                                   \
    *a = desired;                                                                       \
    s.written = static_cast<std::uint64_t>(desired);                                    \
    s.flags |= kHasWritten;                                                             \
    return true;                                                                        \
  }                                                                                     \
  int __tsan_atomic##n##_compare_exchange_strong(volatile T* a, T* c, T v, int, int) {  \
    return Cas##n(a, c, v, __builtin_return_address(0));                                \
  }                                                                                     \
  int __tsan_atomic##n##_compare_exchange_weak(volatile T* a, T* c, T v, int, int) {    \
    return Cas##n(a, c, v, __builtin_return_address(0));                                \
  }                                                                                     \
  T __tsan_atomic##n##_compare_exchange_val(volatile T* a, T c, T v, int, int) {        \
    Cas##n(a, &c, v, __builtin_return_address(0));                                      \
    return c;                                                                           \
  }
RACELAB_ATOMIC(8, std::uint8_t)
RACELAB_ATOMIC(16, std::uint16_t)
RACELAB_ATOMIC(32, std::uint32_t)
RACELAB_ATOMIC(64, std::uint64_t)
using Uint128 = unsigned __int128;
RACELAB_ATOMIC(128, Uint128)  // std::atomic of a two-word struct (exercise 04)
#undef RACELAB_ATOMIC

void __tsan_atomic_thread_fence(int) {
  if (Thread* me = Self()) Visible(me, Op::kFence, nullptr, 0, __builtin_return_address(0));
}
void __tsan_atomic_signal_fence(int) {}

// ---- Blocking calls: modelled while the scenario runs, the real ones otherwise. ----

int pthread_mutex_lock(pthread_mutex_t* m) {
  Thread* me = Self();
  if (me == nullptr) return RACELAB_REAL(pthread_mutex_lock)(m);
  Visible(me, Op::kLock, m, 0, __builtin_return_address(0));
  Lock& lock = FindLock(m);
  lock.owner = me->id;
  ++lock.count;
  return 0;
}

int pthread_mutex_trylock(pthread_mutex_t* m) {
  Thread* me = Self();
  if (me == nullptr) return RACELAB_REAL(pthread_mutex_trylock)(m);
  Step& s = Visible(me, Op::kTryLock, m, 0, __builtin_return_address(0));
  Lock& lock = FindLock(m);
  s.flags |= kHasValue;
  if (lock.owner != -1) return EBUSY;  // std::mutex is not recursive: its owner fails too
  lock.owner = me->id;
  lock.count = 1;
  s.value = 1;
  return 0;
}

int pthread_mutex_unlock(pthread_mutex_t* m) {
  Thread* me = Self();
  if (me == nullptr) return RACELAB_REAL(pthread_mutex_unlock)(m);
  Visible(me, Op::kUnlock, m, 0, __builtin_return_address(0));
  Lock& lock = FindLock(m);
  if (lock.owner != me->id) return EPERM;
  if (--lock.count == 0) lock.owner = -1;
  return 0;
}

int pthread_rwlock_rdlock(pthread_rwlock_t* l) {
  Thread* me = Self();
  if (me == nullptr) return RACELAB_REAL(pthread_rwlock_rdlock)(l);
  Visible(me, Op::kReadLock, l, 0, __builtin_return_address(0));
  ++FindLock(l).readers;
  return 0;
}

int pthread_rwlock_tryrdlock(pthread_rwlock_t* l) {
  Thread* me = Self();
  if (me == nullptr) return RACELAB_REAL(pthread_rwlock_tryrdlock)(l);
  Step& s = Visible(me, Op::kTryReadLock, l, 0, __builtin_return_address(0));
  Lock& lock = FindLock(l);
  s.flags |= kHasValue;
  if (lock.owner != -1) return EBUSY;
  ++lock.readers;
  s.value = 1;
  return 0;
}

int pthread_rwlock_wrlock(pthread_rwlock_t* l) {
  Thread* me = Self();
  if (me == nullptr) return RACELAB_REAL(pthread_rwlock_wrlock)(l);
  Visible(me, Op::kWriteLock, l, 0, __builtin_return_address(0));
  Lock& lock = FindLock(l);
  lock.owner = me->id;
  lock.count = 1;
  return 0;
}

int pthread_rwlock_trywrlock(pthread_rwlock_t* l) {
  Thread* me = Self();
  if (me == nullptr) return RACELAB_REAL(pthread_rwlock_trywrlock)(l);
  Step& s = Visible(me, Op::kTryWriteLock, l, 0, __builtin_return_address(0));
  Lock& lock = FindLock(l);
  s.flags |= kHasValue;
  if (lock.owner != -1 || lock.readers > 0) return EBUSY;
  lock.owner = me->id;
  lock.count = 1;
  s.value = 1;
  return 0;
}

int pthread_rwlock_unlock(pthread_rwlock_t* l) {
  Thread* me = Self();
  if (me == nullptr) return RACELAB_REAL(pthread_rwlock_unlock)(l);
  Visible(me, Op::kRwUnlock, l, 0, __builtin_return_address(0));
  Lock& lock = FindLock(l);
  if (lock.owner == me->id) {
    lock.owner = -1;
    lock.count = 0;
  } else if (lock.readers > 0) {
    --lock.readers;
  }
  return 0;
}

}  // extern "C"

namespace {

// A condition-variable wait in three steps: release the mutex and wait, be woken, take the
// mutex again. Woken by a notify, or spuriously when the schedule chooses the waiter anyway
// (a wait under an `if` then goes on with its condition still false). Returns ETIMEDOUT if a
// timed wait timed out (only when no thread could go on).
int CondWait(Thread* me, pthread_cond_t* c, pthread_mutex_t* m, bool timed, void* pc) {
  Visible(me, Op::kCondWait, c, 0, pc, reinterpret_cast<std::uintptr_t>(m));
  Lock& lock = FindLock(m);
  lock.owner = -1;
  lock.count = 0;
  me->cond = c;
  me->notified = me->timed_out = false;
  me->timed = timed;
  me->wait_order = ++g_wait_order;
  Step& woken = Visible(me, Op::kCondWake, c, 0, pc);
  const bool timed_out = !me->notified && !me->spurious;
  woken.value = me->notified ? 1 : me->spurious ? 2 : 0;
  woken.flags |= kHasValue;
  me->cond = nullptr;
  me->notified = me->timed_out = me->spurious = false;
  Visible(me, Op::kLock, m, 0, pc);
  Lock& again = FindLock(m);
  again.owner = me->id;
  again.count = 1;
  return timed_out ? ETIMEDOUT : 0;
}

void Notify(Thread* me, pthread_cond_t* c, bool all, void* pc) {
  Step& s = Visible(me, all ? Op::kNotifyAll : Op::kNotifyOne, c, 0, pc);
  int woken = 0;
  for (;;) {
    Thread* first = nullptr;
    for (int t = 0; t < g_count; ++t) {
      Thread& w = g_threads[t];
      if (!w.done && w.cond == c && !w.notified &&
          (first == nullptr || w.wait_order < first->wait_order)) {
        first = &w;
      }
    }
    if (first == nullptr) break;
    first->notified = true;
    ++woken;
    if (!all) break;
  }
  s.value = static_cast<std::uint64_t>(woken);
  s.flags |= kHasValue;
}

using CondWaitFn = int (*)(pthread_cond_t*, pthread_mutex_t*);
using CondTimedWaitFn = int (*)(pthread_cond_t*, pthread_mutex_t*, const timespec*);
using CondClockWaitFn = int (*)(pthread_cond_t*, pthread_mutex_t*, clockid_t, const timespec*);
using CondFn = int (*)(pthread_cond_t*);

}  // namespace

extern "C" {

int pthread_cond_wait(pthread_cond_t* c, pthread_mutex_t* m) {
  Thread* me = Self();
  if (me == nullptr) {
    static auto real = reinterpret_cast<CondWaitFn>(Real("pthread_cond_wait", "GLIBC_2.3.2"));
    return real(c, m);
  }
  return CondWait(me, c, m, false, CallerInBinary(__builtin_return_address(0)));
}

int pthread_cond_timedwait(pthread_cond_t* c, pthread_mutex_t* m, const timespec* t) {
  Thread* me = Self();
  if (me == nullptr) {
    static auto real =
        reinterpret_cast<CondTimedWaitFn>(Real("pthread_cond_timedwait", "GLIBC_2.3.2"));
    return real(c, m, t);
  }
  return CondWait(me, c, m, true, CallerInBinary(__builtin_return_address(0)));
}

int pthread_cond_clockwait(pthread_cond_t* c, pthread_mutex_t* m, clockid_t clock,
                           const timespec* t) {
  Thread* me = Self();
  if (me == nullptr) {
    static auto real = reinterpret_cast<CondClockWaitFn>(Real("pthread_cond_clockwait"));
    return real(c, m, clock, t);
  }
  return CondWait(me, c, m, true, CallerInBinary(__builtin_return_address(0)));
}

int pthread_cond_signal(pthread_cond_t* c) {
  Thread* me = Self();
  if (me == nullptr) {
    static auto real = reinterpret_cast<CondFn>(Real("pthread_cond_signal", "GLIBC_2.3.2"));
    return real(c);
  }
  Notify(me, c, false, CallerInBinary(__builtin_return_address(0)));
  return 0;
}

int pthread_cond_broadcast(pthread_cond_t* c) {
  Thread* me = Self();
  if (me == nullptr) {
    static auto real = reinterpret_cast<CondFn>(Real("pthread_cond_broadcast", "GLIBC_2.3.2"));
    return real(c);
  }
  Notify(me, c, true, CallerInBinary(__builtin_return_address(0)));
  return 0;
}

// std::call_once. The initializer runs on the thread that got there first; the others wait.
int pthread_once(pthread_once_t* once, void (*init)()) {
  Thread* me = Self();
  if (me == nullptr) return RACELAB_REAL(pthread_once)(once, init);
  Step& s = Visible(me, Op::kOnce, once, 0, __builtin_return_address(0));
  OnceFlag& flag = FindOnce(once);
  s.flags |= kHasValue;
  if (flag.state == 2) return 0;
  flag.state = 1;
  s.value = 1;  // this thread runs the initializer
  init();
  Visible(me, Op::kOnceDone, once, 0, __builtin_return_address(0));
  FindOnce(once).state = 2;
  return 0;
}

// Function-local statics.
int __cxa_guard_acquire(long long* guard) {
  Thread* me = Self();
  if (me == nullptr) return RACELAB_REAL(__cxa_guard_acquire)(guard);
  Step& s = Visible(me, Op::kOnce, guard, 0, __builtin_return_address(0));
  OnceFlag& flag = FindOnce(guard);
  s.flags |= kHasValue;
  if (flag.state == 2 || *reinterpret_cast<volatile char*>(guard) != 0) return 0;
  flag.state = 1;
  s.value = 1;
  return 1;
}

void __cxa_guard_release(long long* guard) {
  Thread* me = Self();
  if (me == nullptr) return RACELAB_REAL(__cxa_guard_release)(guard);
  Visible(me, Op::kOnceDone, guard, 0, __builtin_return_address(0));
  FindOnce(guard).state = 2;
  __atomic_store_n(reinterpret_cast<char*>(guard), 1, __ATOMIC_RELEASE);
}

void __cxa_guard_abort(long long* guard) {
  Thread* me = Self();
  if (me == nullptr) return RACELAB_REAL(__cxa_guard_abort)(guard);
  FindOnce(guard).state = 0;
}

// A thread that the code under test starts itself runs outside the scheduler, which cannot
// follow it (yet): the run ends as unsupported, never as a verdict on the code.
int pthread_create(pthread_t* thread, const pthread_attr_t* attr, void* (*start)(void*),
                   void* arg) {
  if (Self() != nullptr) {
    std::strncpy(g_shared->message, "the code starts a thread of its own", 1023);
    Finish(Outcome::kUnsupported);
  }
  return RACELAB_REAL(pthread_create)(thread, attr, start, arg);
}

int sched_yield() {
  Thread* me = Self();
  if (me == nullptr) return RACELAB_REAL(sched_yield)();
  Visible(me, Op::kYield, nullptr, 0, __builtin_return_address(0));
  return 0;
}

}  // extern "C"

// ---- operator delete: a visible step, and the memory kept so that a later access is caught. --
void operator delete(void* p) noexcept { Free(p, __builtin_return_address(0)); }
void operator delete[](void* p) noexcept { Free(p, __builtin_return_address(0)); }
void operator delete(void* p, std::size_t) noexcept { Free(p, __builtin_return_address(0)); }
void operator delete[](void* p, std::size_t) noexcept { Free(p, __builtin_return_address(0)); }
void operator delete(void* p, std::align_val_t) noexcept { Free(p, __builtin_return_address(0)); }
void operator delete[](void* p, std::align_val_t) noexcept { Free(p, __builtin_return_address(0)); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept {
  Free(p, __builtin_return_address(0));
}
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept {
  Free(p, __builtin_return_address(0));
}
void* operator new(std::size_t n) {
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n) { return operator new(n); }
void* operator new(std::size_t n, std::align_val_t a) {
  const auto align = static_cast<std::size_t>(a);
  if (void* p = std::aligned_alloc(align, (n + align - 1) / align * align)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n, std::align_val_t a) { return operator new(n, a); }
