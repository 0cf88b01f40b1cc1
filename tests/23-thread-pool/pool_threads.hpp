// Helpers of exercise 23's tests: the threads a pool starts, whether they are asleep, and a gate
// that holds tasks until the test opens it.
//
// The tests never ask the pool what it is doing: they look at its threads from the outside
// (/proc/self/task: which exist, which sleep, how often each was switched) and at the tasks they
// gave it. Looking adds no synchronization between threads, so it hides no race.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <set>
#include <string>
#include <thread>

#include "racelab/thread_state.hpp"
#include "racelab/wait_sites.hpp"

namespace pool_threads {

// The threads that exist now and did not in `before`.
inline std::set<pid_t> NewThreads(const std::set<pid_t>& before) {
  std::set<pid_t> added;
  for (const pid_t tid : racelab::ThreadIds()) {
    if (before.count(tid) == 0) added.insert(tid);
  }
  return added;
}

// The threads of `before` that still exist: for threads that are just ending, waits up to 2 s.
inline int ThreadsLeft(const std::set<pid_t>& before) {
  int left = 0;
  for (int look = 0; look < 200; ++look) {
    left = static_cast<int>(NewThreads(before).size());
    if (left == 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return left;
}

// Waits until every thread of `tids` sleeps (or has ended), five looks in a row 2 ms apart with
// none of them woken in between, or until `done` (if given) becomes true. Returns false if that
// did not happen within `seconds`: a thread that never sleeps (a busy loop).
inline bool WaitUntilAsleep(const std::set<pid_t>& tids, double seconds,
                            const std::atomic<bool>* done = nullptr) {
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  long last = -1;
  int quiet = 0;
  while (std::chrono::steady_clock::now() < give_up) {
    if (done != nullptr && done->load(std::memory_order_relaxed)) return true;
    bool asleep = true;
    long switches = 0;
    for (const pid_t tid : tids) {
      const racelab::ThreadState state = racelab::StateOf(tid);
      asleep = asleep && state != racelab::ThreadState::kRunning;
      if (state != racelab::ThreadState::kGone) switches += racelab::ContextSwitches(tid);
    }
    quiet = asleep && switches == last ? quiet + 1 : 0;
    if (quiet >= 5) return true;
    last = switches;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return false;
}

// Tasks that wait until the test opens the gate. The test opens it only once it has seen what it
// wanted while they were held (that shutdown() waits for them, for example).
class Gate {
 public:
  void Pass() const {
    racelab::WaitNote note("the test to let this task finish (it is held on purpose)");
    while (open_.load(std::memory_order_acquire) == 0) open_.wait(0, std::memory_order_acquire);
  }
  void Open() {
    open_.store(1, std::memory_order_release);
    open_.notify_all();
  }

 private:
  mutable std::atomic<int> open_{0};
};

// A thread's kernel id, published by the thread itself for the test that watches it.
class Watched {
 public:
  void Here() { tid_.store(racelab::CurrentThreadId(), std::memory_order_relaxed); }
  pid_t Tid() const {
    while (tid_.load(std::memory_order_relaxed) == 0) std::this_thread::yield();
    return tid_.load(std::memory_order_relaxed);
  }

 private:
  std::atomic<pid_t> tid_{0};
};

}  // namespace pool_threads
