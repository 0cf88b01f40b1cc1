// What one run of a scenario under the explorer's scheduler leaves behind: the steps in the
// order they ran and how the run ended. A child process writes it into memory it shares with
// the explorer's search (search.cpp), so that even a run that crashes leaves its steps.
#pragma once

#include <cstdint>

namespace racelab::explore {

constexpr int kMaxThreads = 8;
constexpr int kMaxSteps = 60000;  // a run longer than this is given up (a spinning thread)
constexpr int kStackDepth = 6;    // call sites kept per step, innermost first

enum class Op : std::uint8_t {
  kStart,  // the thread begins its calls
  kEnd,    // the thread has finished them
  kRead,   // a plain read of `size` bytes at `addr`; `value` is what it read
  kWrite,  // a plain write; `written` is what it wrote
  kAtomicLoad,
  kAtomicStore,
  kAtomicRmw,  // fetch_add, exchange, compare_exchange...: `value` before, `written` after
  kFence,
  kLock,     // pthread_mutex_lock (std::mutex::lock); `addr` is the mutex
  kTryLock,  // `value` 1 if it got the lock
  kUnlock,
  kReadLock,  // pthread_rwlock_rdlock (std::shared_mutex::lock_shared)
  kTryReadLock,
  kWriteLock,
  kTryWriteLock,
  kRwUnlock,
  kCondWait,  // releases the mutex `other` and waits on the condition variable `addr`
  kCondWake,  // woken (value 1: by a notify, 0: a timed wait that timed out, 2: spuriously)
  kNotifyOne,
  kNotifyAll,
  kOnce,  // pthread_once / __cxa_guard_acquire: runs or waits for the initializer
  kOnceDone,
  kYield,
  kJoin,
  kFree,  // operator delete of `size` bytes at `addr`
};

enum class Outcome : std::int32_t {
  kRunning,
  kHolds,         // every thread finished and the invariant held
  kCheckFailed,   // the invariant did not hold: `message`
  kDeadlock,      // no thread can go on: `blocked`
  kUseAfterFree,  // the last step touched memory that step `other` freed
  kDoubleFree,    // the last step freed memory that step `other` had freed
  kCrash,         // the process died of signal `other`
  kTooLong,       // more than kMaxSteps steps: given up
  kUnsupported,   // the code did what the explorer cannot follow (started a thread): `message`
};

struct Step {
  std::uint8_t thread;  // 0-based
  Op op;
  std::uint8_t size;      // bytes accessed
  std::uint8_t flags;     // kHasValue, kHasWritten, kYielding, kSpurious
  std::uint16_t enabled;  // bit t: thread t could have run this step
  std::int8_t holder;     // for a blocked lock: the thread that holds it; -1 none
  std::uint8_t wakeable;  // bit t: thread t waits on a condition variable, unnotified: the
                          // scheduler may wake it spuriously instead (the standard allows it)
  std::uint64_t addr;
  std::uint64_t other;  // kCondWait: the mutex; kUseAfterFree: the freeing step
  std::uint64_t value;
  std::uint64_t written;
  std::uint64_t pc;  // offset in the binary of the instruction after the hook's call
  std::uint64_t stack[kStackDepth];  // call sites, innermost first (offsets; 0 = none)
};
constexpr std::uint8_t kHasValue = 1, kHasWritten = 2, kYielding = 4;
constexpr std::uint8_t kSpurious = 8;  // the step is a wait's wake-up without a notify

struct Shared {
  Outcome outcome;
  std::int32_t steps;
  std::int32_t threads;
  std::int32_t diverged;  // the schedule asked for a thread that could not run
  std::uint64_t other;
  char labels[kMaxThreads][96];
  char message[1024];
  Step blocked[kMaxThreads];  // kDeadlock: what each unfinished thread waits for
  std::int32_t blocked_count;
  Step step[kMaxSteps];
};

// How the child chooses who runs each step (set before fork()).
struct Policy {
  // Step i runs thread prefix[i] while i < prefix_len. A thread that waits on a condition
  // variable, unnotified, wakes spuriously when the prefix chooses it; only the prefix does.
  const std::uint8_t* prefix = nullptr;
  int prefix_len = 0;
  bool pct = false;  // after the prefix: PCT priorities instead of "keep the thread running"
  std::uint64_t seed = 0;
  int pct_depth = 3;
  int pct_steps = 200;     // the change points fall in the first pct_steps steps
  int alarm_seconds = 20;  // a run that hangs (blocked where the scheduler cannot see) ends then
};

// Runs the scenario once in this (child) process under `policy`, writing into `shared`; does not
// return.
[[noreturn]] void RunOnce(Shared* shared, const Policy& policy);

}  // namespace racelab::explore
