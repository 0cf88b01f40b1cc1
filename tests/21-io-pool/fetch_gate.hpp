// The fetch of exercise 21's tests: a stand-in for blocking I/O whose calls return only when the
// test lets them, so that the tests decide how the calls interleave, on one core as on many.
//
// Every call of fetch is held (its thread sleeps, as in a read from a socket) until a controller
// thread releases it. The controller
//   1. waits until min(workers, n) calls are held at once: the waits overlap. A fetch_all that
//      calls fetch one at a time, or on too few threads, never gets there; once every thread has
//      been asleep for 3 s, the controller ends the test binary as a `deadlock`;
//   2. then, each time no thread of fetch_all can run any more (all asleep, so no further call
//      can arrive), releases one held call: the one with the highest index. Extra threads have
//      arrived by then, so more than `workers` calls in flight always shows; and results handed
//      back in the order the calls finish come out reversed, never in order by luck.
// The holding and releasing use relaxed atomics and futex system calls, which order no memory
// for ThreadSanitizer: two threads of fetch_all that write the same variable without their own
// synchronization are reported, however far apart the test schedules them.
#pragma once

#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "racelab/category.hpp"
#include "racelab/thread_state.hpp"

namespace fetch_gate {

// What fetch(i) returns: long enough to live on the heap, different for every i.
inline std::string Value(int i) {
  return "response " + std::to_string(i) + " " + std::string(32, static_cast<char>('a' + i % 26));
}

// The exception of a failing fetch(i).
inline std::string FailureMessage(int i) {
  return "fetch(" + std::to_string(i) + ") failed: connection reset";
}

class Gate {
 public:
  // For fetch_all(n, workers, ...) called on this thread. If `first_release_throws`, the first
  // call released throws a std::runtime_error instead of returning.
  Gate(int n, int workers, bool first_release_throws)
      : n_(n),
        workers_(workers),
        first_release_throws_(first_release_throws),
        calls_(static_cast<std::size_t>(std::max(n, 0))),
        slots_(static_cast<std::size_t>(std::max(4 * n, 64))) {
    // The threads that exist now are the lab's and the sanitizer's, not fetch_all's; the caller
    // (this thread) is fetch_all's too.
    ignored_ = racelab::ThreadIds();
    ignored_.erase(racelab::CurrentThreadId());
    controller_ = std::thread([this] { Control(); });
  }

  ~Gate() { Stop(); }
  Gate(const Gate&) = delete;
  Gate& operator=(const Gate&) = delete;

  // The fetch function: called by fetch_all's threads.
  std::string Fetch(int i) {
    if (i < 0 || i >= n_) {
      bad_index_.store(true, std::memory_order_relaxed);
      return "";
    }
    calls_[static_cast<std::size_t>(i)].fetch_add(1, std::memory_order_relaxed);
    const int now = in_flight_.fetch_add(1, std::memory_order_relaxed) + 1;
    int max = max_in_flight_.load(std::memory_order_relaxed);
    while (now > max &&
           !max_in_flight_.compare_exchange_weak(max, now, std::memory_order_relaxed)) {
    }
    const auto slot = static_cast<std::size_t>(arrivals_.fetch_add(1, std::memory_order_relaxed));
    bool fail = false;
    if (slot < slots_.size() && holding_.load(std::memory_order_relaxed)) {
      // One word per call: the index and the state together, so that neither side ever reads
      // one without the other, and no ordering between them is needed.
      std::atomic<int>& word = slots_[slot];
      const int held = i << 2 | kHeld;
      word.store(held, std::memory_order_relaxed);
      while (word.load(std::memory_order_relaxed) == held) {
        syscall(SYS_futex, reinterpret_cast<int*>(&word), FUTEX_WAIT_PRIVATE, held, nullptr,
                nullptr, 0);
      }
      fail = (word.load(std::memory_order_relaxed) & 3) == kThrow;
      word.store(kDone, std::memory_order_relaxed);
    }
    in_flight_.fetch_sub(1, std::memory_order_relaxed);
    if (fail) throw std::runtime_error(FailureMessage(i));
    return Value(i);
  }

  // Called once fetch_all has returned or thrown: stops the controller and lets later calls
  // through. Returns how many calls were still in flight when fetch_all was done. If any were,
  // they stay held for good: they belong to threads that fetch_all left running, and the gate
  // must then outlive the test (see Abandon).
  int Stop() {
    const int in_flight = in_flight_.load(std::memory_order_relaxed);
    if (controller_.joinable()) {
      stopping_.store(true, std::memory_order_relaxed);
      controller_.join();
    }
    holding_.store(in_flight > 0, std::memory_order_relaxed);
    return in_flight;
  }

  int calls(int i) const {
    return calls_[static_cast<std::size_t>(i)].load(std::memory_order_relaxed);
  }
  int arrivals() const { return arrivals_.load(std::memory_order_relaxed); }
  int max_in_flight() const { return max_in_flight_.load(std::memory_order_relaxed); }
  bool bad_index() const { return bad_index_.load(std::memory_order_relaxed); }
  int thrown_index() const { return thrown_index_.load(std::memory_order_relaxed); }

 private:
  static constexpr int kEmpty = 0;
  static constexpr int kDone = -1;
  static constexpr int kHeld = 1, kRelease = 2, kThrow = 3;  // the state bits of a slot's word

  // One look at fetch_all's threads: is every one of them asleep, and how often were they
  // switched so far?
  struct Look {
    bool asleep = true;
    long switches = 0;
    int arrivals = 0;
  };
  Look Sample() const {
    Look look;
    look.arrivals = arrivals();
    for (const pid_t tid : racelab::ThreadIds()) {
      if (ignored_.count(tid) != 0 || tid == controller_tid_) continue;
      look.asleep = look.asleep && racelab::StateOf(tid) != racelab::ThreadState::kRunning;
      look.switches += racelab::ContextSwitches(tid);
    }
    return look;
  }

  // True once fetch_all's threads are all asleep, three looks in a row with no new call: none
  // of them can call fetch before a held call is released.
  bool Settled() const {
    const Look first = Sample();
    if (!first.asleep) return false;
    for (int look = 0; look < 2; ++look) {
      std::this_thread::sleep_for(std::chrono::microseconds(300));
      const Look next = Sample();
      if (!next.asleep || next.arrivals != first.arrivals) return false;
    }
    return true;
  }

  // The held call with the highest index, or -1.
  int HighestHeld(int* index) const {
    int best = -1;
    const int seen = std::min(arrivals(), static_cast<int>(slots_.size()));
    for (int s = 0; s < seen; ++s) {
      const int word = slots_[static_cast<std::size_t>(s)].load(std::memory_order_relaxed);
      if (word != kDone && (word & 3) == kHeld && (best < 0 || word >> 2 > *index)) {
        best = s;
        *index = word >> 2;
      }
    }
    return best;
  }

  // Nothing has run in fetch_all's threads since `since`, all asleep: after 3 s, a deadlock.
  void WatchForStall(Look& quiet, std::chrono::steady_clock::time_point& since,
                     const std::string& why) const {
    const Look now = Sample();
    const auto clock = std::chrono::steady_clock::now();
    if (!now.asleep || now.switches != quiet.switches || now.arrivals != quiet.arrivals) {
      quiet = now;
      since = clock;
      return;
    }
    if (clock - since >= std::chrono::seconds(3)) racelab::EndNow(racelab::kDeadlock, why);
  }

  void Control() {
    controller_tid_ = racelab::CurrentThreadId();
    const int wave = std::min(workers_, n_);
    Look quiet;
    auto since = std::chrono::steady_clock::now();
    while (!stopping_.load(std::memory_order_relaxed) &&
           in_flight_.load(std::memory_order_relaxed) < wave) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
      WatchForStall(
          quiet, since,
          "fetch_all never had " + std::to_string(wave) +
              " calls of fetch waiting at once (at "
              "most " +
              std::to_string(max_in_flight()) +
              "), and for 3 s none of its threads "
              "ran. The tests' fetch blocks, like a read from the network, until " +
              std::to_string(wave) + " calls wait together: as many as `workers` (" +
              std::to_string(workers_) +
              "), or n if n is smaller. Calling fetch one call at a "
              "time, or on fewer threads than that, never gets there: the waits do not overlap.");
    }
    bool first = true;
    while (!stopping_.load(std::memory_order_relaxed)) {
      int index = -1;
      const int slot = HighestHeld(&index);
      if (slot < 0) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
        WatchForStall(quiet, since,
                      "fetch_all's threads all stopped for 3 s, none of them in a call of fetch: "
                      "each waits for something that never comes (a lock never released, a "
                      "thread never joined or a signal never sent).");
        continue;
      }
      // Wait until no thread of fetch_all can run, or half a second for threads that never
      // sleep (a thread that spins waiting for the others).
      const auto held_since = std::chrono::steady_clock::now();
      while (!stopping_.load(std::memory_order_relaxed) && !Settled() &&
             std::chrono::steady_clock::now() - held_since < std::chrono::milliseconds(500)) {
        std::this_thread::sleep_for(std::chrono::microseconds(100));
      }
      if (stopping_.load(std::memory_order_relaxed)) break;
      std::atomic<int>& word = slots_[static_cast<std::size_t>(slot)];
      const bool fail = first && first_release_throws_;
      if (fail) thrown_index_.store(index, std::memory_order_relaxed);
      first = false;
      word.store(index << 2 | (fail ? kThrow : kRelease), std::memory_order_relaxed);
      syscall(SYS_futex, reinterpret_cast<int*>(&word), FUTEX_WAKE_PRIVATE, 1, nullptr, nullptr, 0);
      // One call at a time: the next is released only once this one has returned.
      while (!stopping_.load(std::memory_order_relaxed) &&
             word.load(std::memory_order_relaxed) != kDone) {
        std::this_thread::sleep_for(std::chrono::microseconds(100));
      }
      quiet = Look{};
    }
  }

  const int n_;
  const int workers_;
  const bool first_release_throws_;
  std::vector<std::atomic<int>> calls_;
  std::vector<std::atomic<int>> slots_;  // one word per call, in the order the calls arrived
  std::atomic<int> arrivals_{0};
  std::atomic<int> in_flight_{0};
  std::atomic<int> max_in_flight_{0};
  std::atomic<int> thrown_index_{-1};
  std::atomic<bool> bad_index_{false};
  std::atomic<bool> holding_{true};
  std::atomic<bool> stopping_{false};
  std::set<pid_t> ignored_;
  pid_t controller_tid_ = 0;  // written by the controller before it reads it
  std::thread controller_;
};

}  // namespace fetch_gate
