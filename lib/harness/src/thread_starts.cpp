// The wrappers behind ThreadsStarted() (see thread_starts.hpp).
#include "racelab/thread_starts.hpp"

#include <pthread.h>

#include <atomic>

namespace racelab {
namespace {

std::atomic<long> started{0};

}  // namespace

long ThreadsStarted() { return started.load(std::memory_order_relaxed); }

}  // namespace racelab

extern "C" {

// std::thread's constructor (and so std::jthread's and std::async's) is inline; it starts the
// thread through this member of libstdc++: void std::thread::_M_start_thread(
// std::unique_ptr<std::thread::_State>, void (*)()). The unique_ptr is passed by address.
#define RACELAB_START_THREAD \
  _ZNSt6thread15_M_start_threadESt10unique_ptrINS_6_StateESt14default_deleteIS1_EEPFvvE
#define RACELAB_CONCAT(a, b) a##b
#define RACELAB_NAME(prefix, name) RACELAB_CONCAT(prefix, name)
void RACELAB_NAME(__real_, RACELAB_START_THREAD)(void* thread, void* state, void (*depend)());
void RACELAB_NAME(__wrap_, RACELAB_START_THREAD)(void* thread, void* state, void (*depend)()) {
  RACELAB_NAME(__real_, RACELAB_START_THREAD)(thread, state, depend);
  racelab::started.fetch_add(1, std::memory_order_relaxed);
}

int __real_pthread_create(pthread_t* thread, const pthread_attr_t* attributes,
                          void* (*start)(void*), void* argument);
int __wrap_pthread_create(pthread_t* thread, const pthread_attr_t* attributes,
                          void* (*start)(void*), void* argument) {
  const int result = __real_pthread_create(thread, attributes, start, argument);
  if (result == 0) racelab::started.fetch_add(1, std::memory_order_relaxed);
  return result;
}

}  // extern "C"
