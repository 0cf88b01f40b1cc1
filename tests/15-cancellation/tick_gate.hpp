// The tick() of exercise 15's tests: it counts its own calls, and one chosen call can be held,
// so that the tests decide when the tick in progress ends, on one core as on many, without a
// clock.
//
//   TickGate gate(/*hold=*/20);         // the 21st call of tick() waits until Release()
//   Ticker ticker(gate.Tick());
//   gate.AwaitHeld();                   // now the ticking thread is inside tick() #21
//
// While the tick is held, a test calls stop() on another thread and watches that thread: a
// stop() that returns now has not waited for the tick in progress. Once that thread waits
// (asleep on a lock, a join, a condition variable), the test releases the tick. A thread that
// merely sleeps for a fixed time is not waiting for the tick, and the test does not release the
// tick for it; one that sleeps again and again is polling, and the test does (StopperWaits).
//
// The gate uses relaxed atomics and futex system calls only: they order no memory for
// ThreadSanitizer, so it cannot hide a race in the Ticker.
#pragma once

#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <climits>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <thread>

#include "racelab/thread_state.hpp"
#include "racelab/wait_sites.hpp"

namespace tick_gate {

inline void FutexWait(std::atomic<int>& word, int value) {
  syscall(SYS_futex, reinterpret_cast<int*>(&word), FUTEX_WAIT_PRIVATE, value, nullptr, nullptr, 0);
}

inline void FutexWakeAll(std::atomic<int>& word) {
  syscall(SYS_futex, reinterpret_cast<int*>(&word), FUTEX_WAKE_PRIVATE, INT_MAX, nullptr, nullptr,
          0);
}

// The system call thread `tid` of this process is in, or -1 if it is running.
inline long SystemCallOf(pid_t tid) {
  std::ifstream in("/proc/self/task/" + std::to_string(tid) + "/syscall");
  std::string first;
  if (!(in >> first) || first == "running") return -1;
  try {
    return std::stol(first);
  } catch (...) {
    return -1;
  }
}

// How often thread `tid` of this process went to sleep by itself.
inline long VoluntarySwitches(pid_t tid) {
  std::ifstream status("/proc/self/task/" + std::to_string(tid) + "/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("voluntary_ctxt_switches:", 0) == 0) {
      return std::stol(line.substr(line.find(':') + 1));
    }
  }
  return 0;
}

inline bool ThreadExists(pid_t tid) {
  std::error_code error;
  return std::filesystem::exists("/proc/self/task/" + std::to_string(tid), error);
}

class TickGate {
 public:
  // Call number `hold` (0, 1, ...) of tick() waits until Release(); -1: none is held.
  explicit TickGate(int hold = -1) : hold_(hold) {}

  // The function to give the Ticker. The gate must outlive every call of it.
  std::function<void()> Tick() {
    return [this] {
      ticker_tid_.store(racelab::CurrentThreadId(), std::memory_order_relaxed);
      const int n = started_.fetch_add(1, std::memory_order_relaxed);
      if (n == hold_) {
        held_.store(1, std::memory_order_relaxed);
        FutexWakeAll(held_);
        while (released_.load(std::memory_order_relaxed) == 0) FutexWait(released_, 0);
      }
      finished_.fetch_add(1, std::memory_order_relaxed);
    };
  }

  // Waits until the held call has started.
  void AwaitHeld() {
    racelab::WaitNote note("the Ticker's thread to call tick() (it never did, or stopped early)");
    while (held_.load(std::memory_order_relaxed) == 0) FutexWait(held_, 0);
  }

  void Release() {
    released_.store(1, std::memory_order_relaxed);
    FutexWakeAll(released_);
  }

  int started() const { return started_.load(std::memory_order_relaxed); }
  int finished() const { return finished_.load(std::memory_order_relaxed); }
  pid_t ticker_tid() const { return ticker_tid_.load(std::memory_order_relaxed); }

  // Waits (up to 2 s) until the thread that called tick() has ended; false if it is still
  // there. Only then may the Ticker be destroyed without a thread still using it.
  bool AwaitTickerGone() const {
    const pid_t tid = ticker_tid();
    for (int look = 0; tid != 0 && look < 200; ++look) {
      if (!ThreadExists(tid)) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return tid == 0 || !ThreadExists(tid);
  }

 private:
  const int hold_;
  std::atomic<int> started_{0};
  std::atomic<int> finished_{0};
  std::atomic<int> held_{0};
  std::atomic<int> released_{0};
  std::atomic<pid_t> ticker_tid_{0};
};

// The CPU time thread `tid` of this process has used, in nanoseconds.
inline long long CpuNanoseconds(pid_t tid) {
  std::ifstream in("/proc/self/task/" + std::to_string(tid) + "/schedstat");
  long long on_cpu = 0;
  in >> on_cpu;
  return on_cpu;
}

// Watches a thread that called stop() (or the destructor) while a tick is held, until it has
// returned (`returned` is set) or waits for the tick to end: asleep on something other than a
// fixed sleep (a lock, a join, a condition variable), asleep in a sleep for the sixth time (it
// polls), or busy for 100 ms of CPU time (it spins). True if it waits; false if it returned.
inline bool StopperWaits(pid_t stopper, const std::atomic<bool>& returned) {
  long sleeps_at_first = -1;
  const long long cpu_at_first = CpuNanoseconds(stopper);
  for (;;) {
    if (returned.load(std::memory_order_relaxed)) return false;
    const bool blocked = racelab::StateOf(stopper) == racelab::ThreadState::kBlocked;
    const long call = blocked ? SystemCallOf(stopper) : -1;
    if (returned.load(std::memory_order_relaxed)) return false;
    if (blocked && call != SYS_nanosleep && call != SYS_clock_nanosleep) return true;
    if (blocked) {
      const long sleeps = VoluntarySwitches(stopper);
      if (sleeps_at_first < 0) sleeps_at_first = sleeps;
      if (sleeps - sleeps_at_first >= 5) return true;
    }
    if (CpuNanoseconds(stopper) - cpu_at_first > 100'000'000) return true;
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
}

}  // namespace tick_gate
