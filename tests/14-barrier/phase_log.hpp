// The record that exercise 14's tests keep of every thread's phases, and the order in which the
// threads arrive at the barrier.
//
// Each thread tells the log when it arrives at the barrier of phase k (just before calling
// arrive_and_wait()) and when it comes back (just after). Coming back, it checks that every
// other thread has arrived at phase k too: a thread that comes back earlier ran ahead, and the
// log keeps which phase it was and which threads it left behind.
//
// The log also decides the order of the arrivals, so that a barrier that lets a thread through
// too early is seen every run, on one core as on many: in each phase the threads arrive one
// after the other, and a thread arrives only once the one before it is inside the barrier
// (asleep in it, or back from it). A barrier that does not hold a thread lets it come back while
// the others have not even arrived. The first thread of each phase is the last of the phase
// before: it comes back into the barrier while the others are just waking up from it.
//
// The log uses relaxed atomics and futex system calls only: they order no memory for
// ThreadSanitizer, so the log cannot hide a race between the threads that use the barrier.
#pragma once

#include <linux/futex.h>
#include <sched.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <climits>
#include <cstddef>
#include <fstream>
#include <string>
#include <vector>

#include "racelab/thread_state.hpp"

namespace phase_log {

inline void FutexWait(std::atomic<int>& word, int value) {
  syscall(SYS_futex, reinterpret_cast<int*>(&word), FUTEX_WAIT_PRIVATE, value, nullptr, nullptr, 0);
}

inline void FutexWakeAll(std::atomic<int>& word) {
  syscall(SYS_futex, reinterpret_cast<int*>(&word), FUTEX_WAKE_PRIVATE, INT_MAX, nullptr, nullptr,
          0);
}

// The processor time thread `tid` of this process has used, in nanoseconds.
inline long long CpuNanoseconds(pid_t tid) {
  std::ifstream in("/proc/self/task/" + std::to_string(tid) + "/schedstat");
  long long on_cpu = 0;
  in >> on_cpu;
  return on_cpu;
}

// Set by every log that saw a thread run ahead: later tests that rely on the barrier's order
// say that they cannot judge the barrier instead of running into races of their own.
inline std::atomic<bool> ran_ahead_seen{false};

class PhaseLog {
 public:
  explicit PhaseLog(int parties)
      : parties_(parties),
        arrived_(static_cast<std::size_t>(parties)),
        left_(static_cast<std::size_t>(parties)),
        tids_(static_cast<std::size_t>(parties)),
        ran_ahead_(static_cast<std::size_t>(parties)) {}

  // Thread `t` (0 .. parties-1) is about to call arrive_and_wait() for phase `k` (1, 2, ...):
  // waits for its turn, then records the arrival.
  void Arrive(int t, int k) {
    tids_[Slot(t)].store(racelab::CurrentThreadId(), std::memory_order_relaxed);
    if (t != First(k)) {
      const std::size_t before = Slot((t + parties_ - 1) % parties_);
      for (int seen = arrived_[before].load(std::memory_order_relaxed); seen < k;
           seen = arrived_[before].load(std::memory_order_relaxed)) {
        FutexWait(arrived_[before], seen);
      }
      // Inside the barrier: asleep in it, or already back. A barrier that spins instead of
      // sleeping keeps its thread running: once it has spun for 0.5 ms of processor time, the next
      // thread goes anyway (the order of arrivals never decides whether a correct barrier
      // passes, and a thread that has not been scheduled yet uses no processor time).
      const pid_t tid = tids_[before].load(std::memory_order_relaxed);
      const long long cpu_at_arrival = CpuNanoseconds(tid);
      while (left_[before].load(std::memory_order_relaxed) < k &&
             racelab::StateOf(tid) != racelab::ThreadState::kBlocked &&
             CpuNanoseconds(tid) - cpu_at_arrival < 500'000) {
        sched_yield();
      }
    }
    arrived_[Slot(t)].store(k, std::memory_order_relaxed);
    FutexWakeAll(arrived_[Slot(t)]);
  }

  // Thread `t` came back from arrive_and_wait() of phase `k`: every thread must have arrived.
  void Leave(int t, int k) {
    std::vector<int> behind;
    for (int u = 0; u < parties_; ++u) {
      if (arrived_[Slot(u)].load(std::memory_order_relaxed) < k) behind.push_back(u);
    }
    if (!behind.empty()) {
      RanAhead& mine = ran_ahead_[Slot(t)];
      if (mine.times++ == 0) {
        mine.phase = k;
        mine.behind = behind;
      }
      ran_ahead_seen.store(true, std::memory_order_relaxed);
    }
    left_[Slot(t)].store(k, std::memory_order_relaxed);
  }

  // How often a thread came back from the barrier before all had arrived; read after the
  // threads joined.
  int TimesRanAhead() const {
    int times = 0;
    for (const RanAhead& r : ran_ahead_) times += r.times;
    return times;
  }

  // The earliest time a thread ran ahead (the one that left most threads behind), in words: "in
  // phase 2, thread 2 came back from arrive_and_wait() while threads 0, 1 and 3 had not arrived
  // at it yet".
  std::string FirstRanAhead() const {
    int who = -1;
    for (int t = 0; t < parties_; ++t) {
      const RanAhead& r = ran_ahead_[Slot(t)];
      if (r.times == 0) continue;
      const RanAhead* best = who < 0 ? nullptr : &ran_ahead_[Slot(who)];
      if (best == nullptr || r.phase < best->phase ||
          (r.phase == best->phase && r.behind.size() > best->behind.size())) {
        who = t;
      }
    }
    if (who < 0) return "";
    const RanAhead& r = ran_ahead_[Slot(who)];
    std::string names;
    for (std::size_t i = 0; i < r.behind.size(); ++i) {
      if (i > 0) names += i + 1 == r.behind.size() ? " and " : ", ";
      names += std::to_string(r.behind[i]);
    }
    return "in phase " + std::to_string(r.phase) + ", thread " + std::to_string(who) +
           " came back from arrive_and_wait() while thread" + (r.behind.size() > 1 ? "s " : " ") +
           names + " had not arrived at it yet";
  }

 private:
  struct RanAhead {
    int times = 0;
    int phase = 0;
    std::vector<int> behind;
  };

  static std::size_t Slot(int t) { return static_cast<std::size_t>(t); }

  // The thread that arrives first in phase k; the others follow in order of their number,
  // wrapping around. First(k + 1) is the thread that arrived last in phase k.
  int First(int k) const { return (parties_ - k % parties_) % parties_; }

  const int parties_;
  std::vector<std::atomic<int>> arrived_;  // the last phase each thread arrived at
  std::vector<std::atomic<int>> left_;     // the last phase each thread came back from
  std::vector<std::atomic<pid_t>> tids_;
  std::vector<RanAhead> ran_ahead_;  // each written by its own thread only
};

}  // namespace phase_log
