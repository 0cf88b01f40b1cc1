// The wrappers behind spurious_wakeups.hpp. The link options that route the calls here are in
// lib/harness/spurious_wakeups.cmake; the two lists must name the same functions.
#include "racelab/spurious_wakeups.hpp"

#include <pthread.h>
#include <sched.h>
#include <time.h>

#include <atomic>
#include <condition_variable>
#include <mutex>

namespace racelab {
namespace {

// Relaxed: whether to wake spuriously orders nothing between threads.
std::atomic<int> active{0};
std::atomic<long> generation{0};  // one per SpuriousWakeups object made
std::atomic<long> spurious_count{0};

// True if this wait of the calling thread should return at once: its first one since the
// newest SpuriousWakeups object was made, while one lives.
bool WakeSpuriously() {
  thread_local long woken_in = 0;  // the generation of this thread's spurious wake-up
  if (active.load(std::memory_order_relaxed) == 0) return false;
  const long now = generation.load(std::memory_order_relaxed);
  if (woken_in == now) return false;
  woken_in = now;
  spurious_count.fetch_add(1, std::memory_order_relaxed);
  return true;
}

// After a notify: lets a woken waiter run first.
void AfterNotify() {
  if (active.load(std::memory_order_relaxed) != 0) sched_yield();
}

}  // namespace

SpuriousWakeups::SpuriousWakeups() {
  generation.fetch_add(1, std::memory_order_relaxed);
  active.fetch_add(1, std::memory_order_relaxed);
}
SpuriousWakeups::~SpuriousWakeups() { active.fetch_sub(1, std::memory_order_relaxed); }
long SpuriousWakeups::Count() { return spurious_count.load(std::memory_order_relaxed); }

}  // namespace racelab

extern "C" {

// pthread condition variables: what a real wait does around its sleep, without the sleep.
int __real_pthread_cond_wait(pthread_cond_t* cond, pthread_mutex_t* mutex);
int __wrap_pthread_cond_wait(pthread_cond_t* cond, pthread_mutex_t* mutex) {
  if (!racelab::WakeSpuriously()) return __real_pthread_cond_wait(cond, mutex);
  pthread_mutex_unlock(mutex);
  sched_yield();
  pthread_mutex_lock(mutex);
  return 0;
}

int __real_pthread_cond_timedwait(pthread_cond_t* cond, pthread_mutex_t* mutex,
                                  const struct timespec* deadline);
int __wrap_pthread_cond_timedwait(pthread_cond_t* cond, pthread_mutex_t* mutex,
                                  const struct timespec* deadline) {
  if (!racelab::WakeSpuriously()) return __real_pthread_cond_timedwait(cond, mutex, deadline);
  pthread_mutex_unlock(mutex);
  sched_yield();
  pthread_mutex_lock(mutex);
  return 0;
}

int __real_pthread_cond_clockwait(pthread_cond_t* cond, pthread_mutex_t* mutex, clockid_t clock,
                                  const struct timespec* deadline);
int __wrap_pthread_cond_clockwait(pthread_cond_t* cond, pthread_mutex_t* mutex, clockid_t clock,
                                  const struct timespec* deadline) {
  if (!racelab::WakeSpuriously()) {
    return __real_pthread_cond_clockwait(cond, mutex, clock, deadline);
  }
  pthread_mutex_unlock(mutex);
  sched_yield();
  pthread_mutex_lock(mutex);
  return 0;
}

// std::condition_variable::wait(std::unique_lock<std::mutex>&), compiled into libstdc++: its
// own call of pthread_cond_wait is out of --wrap's reach, so the member function is wrapped. The
// waits with a predicate, a timeout, and std::condition_variable_any's all come through here or
// through pthread_cond_clockwait/timedwait above.
void __real__ZNSt18condition_variable4waitERSt11unique_lockISt5mutexE(
    std::condition_variable* self, std::unique_lock<std::mutex>& lock);
void __wrap__ZNSt18condition_variable4waitERSt11unique_lockISt5mutexE(
    std::condition_variable* self, std::unique_lock<std::mutex>& lock) {
  if (!racelab::WakeSpuriously()) {
    __real__ZNSt18condition_variable4waitERSt11unique_lockISt5mutexE(self, lock);
    return;
  }
  lock.unlock();
  sched_yield();
  lock.lock();
}

// absl::CondVar::Wait(absl::Mutex*) of the pinned Abseil (lts_20220623). Weak, like the other
// Abseil wrappers (interleaving.cpp): a binary without Abseil never calls it.
__attribute__((weak)) void __real__ZN4absl12lts_202206237CondVar4WaitEPNS0_5MutexE(void* self,
                                                                                   void* mutex);
__attribute__((weak)) void _ZN4absl12lts_202206235Mutex6UnlockEv(void* mutex);
__attribute__((weak)) void _ZN4absl12lts_202206235Mutex4LockEv(void* mutex);
void __wrap__ZN4absl12lts_202206237CondVar4WaitEPNS0_5MutexE(void* self, void* mutex) {
  if (!racelab::WakeSpuriously()) {
    __real__ZN4absl12lts_202206237CondVar4WaitEPNS0_5MutexE(self, mutex);
    return;
  }
  _ZN4absl12lts_202206235Mutex6UnlockEv(mutex);
  sched_yield();
  _ZN4absl12lts_202206235Mutex4LockEv(mutex);
}

// The notifies: yield right after, while spurious wake-ups are on.
#define RACELAB_YIELD_AFTER_NOTIFY(function, type) \
  int __real_##function(type* cond);               \
  int __wrap_##function(type* cond) {              \
    const int result = __real_##function(cond);    \
    racelab::AfterNotify();                        \
    return result;                                 \
  }
RACELAB_YIELD_AFTER_NOTIFY(pthread_cond_signal, pthread_cond_t)
RACELAB_YIELD_AFTER_NOTIFY(pthread_cond_broadcast, pthread_cond_t)
#undef RACELAB_YIELD_AFTER_NOTIFY

// std::condition_variable::notify_one() and notify_all(), compiled into libstdc++; Abseil's
// CondVar::Signal() and SignalAll() (weak: see above).
#define RACELAB_YIELD_AFTER_MEMBER_NOTIFY(function, weak) \
  weak void __real_##function(void* self);                \
  void __wrap_##function(void* self) {                    \
    __real_##function(self);                              \
    racelab::AfterNotify();                               \
  }
RACELAB_YIELD_AFTER_MEMBER_NOTIFY(_ZNSt18condition_variable10notify_oneEv, )
RACELAB_YIELD_AFTER_MEMBER_NOTIFY(_ZNSt18condition_variable10notify_allEv, )
RACELAB_YIELD_AFTER_MEMBER_NOTIFY(_ZN4absl12lts_202206237CondVar6SignalEv, __attribute__((weak)))
RACELAB_YIELD_AFTER_MEMBER_NOTIFY(_ZN4absl12lts_202206237CondVar9SignalAllEv, __attribute__((weak)))
#undef RACELAB_YIELD_AFTER_MEMBER_NOTIFY

}  // extern "C"
