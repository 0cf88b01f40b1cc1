// Tests of exercise 15: Ticker, a thread that ticks until it is stopped.
//
// The tests' tick() counts its own calls and can hold one of them until the test lets it go
// (tick_gate.hpp). With a tick held, the tests call stop() (or destroy the Ticker) on other
// threads and watch them: a stop() that returns while that tick still runs is not final, one
// that lets more ticks start after it is not prompt. The order is decided by the test, never by
// a clock, so the verdict is the same on one core as on many. ThreadSanitizer checks that the
// stop flag and the tick count are shared safely.
#include "ticker.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "racelab/thread_state.hpp"
#include "racelab/wait_sites.hpp"
#include "tick_gate.hpp"

namespace {

using tick_gate::TickGate;

// The threads that call stop() in a test, and what the test knows of them.
struct Stoppers {
  explicit Stoppers(int count)
      : tids(static_cast<std::size_t>(count)), returned(static_cast<std::size_t>(count)) {}
  std::vector<std::atomic<pid_t>> tids;
  std::vector<std::atomic<bool>> returned;
  std::vector<std::thread> threads;
};

// Runs `action` (stop() or the Ticker's destruction, named `what`) on `count` threads at once,
// while the gate holds a tick. Releases the tick once every one of them waits for it, then
// waits for them to return. If one returns before the tick is released, that is the failure:
// the tick then stays held for good, and the caller must leave the gate and the Ticker alive
// (their thread still uses them). Returns false in that case.
bool StopWhileHeld(TickGate& gate, int hold, int count, const std::function<void()>& action,
                   const std::string& what) {
  // Shared with the threads: after a failure, some of them may never return.
  auto stoppers = std::make_shared<Stoppers>(count);
  for (int i = 0; i < count; ++i) {
    stoppers->threads.emplace_back([stoppers, i, action] {
      const auto slot = static_cast<std::size_t>(i);
      stoppers->tids[slot].store(racelab::CurrentThreadId(), std::memory_order_relaxed);
      action();
      stoppers->returned[slot].store(true, std::memory_order_relaxed);
    });
  }
  for (std::size_t i = 0; i < stoppers->tids.size(); ++i) {
    while (stoppers->tids[i].load(std::memory_order_relaxed) == 0) std::this_thread::yield();
    if (!tick_gate::StopperWaits(stoppers->tids[i].load(std::memory_order_relaxed),
                                 stoppers->returned[i])) {
      ADD_FAILURE() << what << " returned while tick() call " << hold + 1 << " was still "
                    << "running (the test held it). stop() must not return before the tick in "
                    << "progress has finished: join the thread (a flag alone only asks it to "
                    << "stop; a sleep only hopes it did; a detached thread cannot be waited for).";
      // The ones still waiting wait for a tick that stays held: they cannot be joined.
      for (std::thread& thread : stoppers->threads) thread.detach();
      return false;
    }
  }
  gate.Release();
  racelab::WaitNote note("stop() to return, after the held tick() was let go");
  for (std::thread& thread : stoppers->threads) thread.join();
  return true;
}

// The checks once the Ticker stopped after the tick held at call `hold` (0-based) was let go:
// no tick is running, none started after it, and ticks() counts them all.
void ExpectStoppedAfter(const TickGate& gate, const Ticker& ticker, int hold,
                        const std::string& what) {
  EXPECT_EQ(gate.started(), gate.finished())
      << what << " returned while a tick() was running (" << gate.started() << " started, "
      << gate.finished() << " finished).";
  EXPECT_EQ(gate.started(), hold + 1)
      << what << " was called during tick() call " << hold + 1 << ", yet "
      << gate.started() - (hold + 1) << " more tick() calls started before it returned: it must "
      << "wait only for the tick in progress (check for a stop before every tick).";
  EXPECT_EQ(ticker.ticks(), gate.finished())
      << "after " << what << ", ticks() is " << ticker.ticks() << ", but tick() returned "
      << gate.finished() << " times.";
}

// After stop() returned: the ticking thread ends, and no tick starts any more.
void ExpectNoTickAfterStop(const TickGate& gate, const std::string& what) {
  const int started = gate.started();
  EXPECT_EQ(started, gate.finished()) << "a tick() was still running when " << what
                                      << " returned: it must wait for the tick in progress.";
  const bool gone = gate.AwaitTickerGone();
  EXPECT_TRUE(gone) << "the thread that called tick() was still there 2 s after " << what
                    << " returned.";
  EXPECT_EQ(gate.started(), started) << gate.started() - started << " tick() calls started after "
                                     << what << " had returned: a stop must be final.";
}

// The Ticker ticks over and over; ticks() counts the ticks that have returned.
TEST(Ticker, TicksOverAndOver) {
  TickGate gate(/*hold=*/100);
  Ticker ticker(gate.Tick());
  gate.AwaitHeld();
  EXPECT_EQ(ticker.ticks(), 100) << "while tick() call 101 runs, 100 calls have returned, but "
                                 << "ticks() says " << ticker.ticks()
                                 << ": count a tick once it has returned.";
  gate.Release();
  ticker.stop();
  ExpectNoTickAfterStop(gate, "stop()");
  EXPECT_EQ(ticker.ticks(), gate.finished())
      << "after stop(), ticks() is " << ticker.ticks() << ", but tick() returned "
      << gate.finished() << " times.";
}

// Another thread reads ticks() while the Ticker runs: it never goes down, and never counts a
// tick that has not returned.
TEST(Ticker, TicksReadableWhileRunning) {
  TickGate gate;
  Ticker ticker(gate.Tick());
  long last = 0;
  int went_down = 0;
  int too_high = 0;
  for (int read = 0; read < 2'000; ++read) {
    const long now = ticker.ticks();
    went_down += now < last;
    too_high += now > gate.finished();
    last = now;
    if (read % 16 == 0) std::this_thread::yield();
  }
  ticker.stop();
  EXPECT_EQ(went_down, 0) << "ticks(), read while the Ticker ran, went down " << went_down
                          << " times.";
  EXPECT_EQ(too_high, 0) << too_high << " reads of ticks() counted more ticks than had returned.";
  ExpectNoTickAfterStop(gate, "stop()");
}

// stop() while a tick runs: it returns only after that tick, and no other tick starts.
TEST(Ticker, StopWaitsForTheTickInProgress) {
  constexpr int kHold = 20;
  auto gate = std::make_unique<TickGate>(kHold);
  auto ticker = std::make_unique<Ticker>(gate->Tick());
  gate->AwaitHeld();
  if (!StopWhileHeld(
          *gate, kHold, 1, [t = ticker.get()] { t->stop(); }, "stop()")) {
    static_cast<void>(ticker.release());  // its thread waits in the held tick for good
    static_cast<void>(gate.release());
    return;
  }
  ExpectStoppedAfter(*gate, *ticker, kHold, "stop()");
}

// Three threads call stop() at once while a tick runs, then the test calls it once more: every
// call returns after that tick, and none starts another.
TEST(Ticker, StopFromSeveralThreadsAndAgain) {
  constexpr int kHold = 31;
  auto gate = std::make_unique<TickGate>(kHold);
  auto ticker = std::make_unique<Ticker>(gate->Tick());
  gate->AwaitHeld();
  if (!StopWhileHeld(
          *gate, kHold, 3, [t = ticker.get()] { t->stop(); },
          "stop(), called by three threads at once,")) {
    static_cast<void>(ticker.release());
    static_cast<void>(gate.release());
    return;
  }
  ticker->stop();
  ExpectStoppedAfter(*gate, *ticker, kHold, "stop(), called by three threads and then again,");
}

// The destructor stops a Ticker that was not stopped, waiting for the tick in progress.
TEST(Ticker, DestructorStops) {
  constexpr int kHold = 7;
  auto gate = std::make_unique<TickGate>(kHold);
  auto ticker = std::make_unique<Ticker>(gate->Tick());
  gate->AwaitHeld();
  if (!StopWhileHeld(
          *gate, kHold, 1, [&ticker] { ticker.reset(); },
          "The destructor of a Ticker that was not stopped")) {
    static_cast<void>(gate.release());  // a thread may still wait in the held tick
    return;
  }
  EXPECT_EQ(gate->started(), kHold + 1)
      << "the destructor was called during tick() call " << kHold + 1 << ", yet "
      << gate->started() - (kHold + 1) << " more tick() calls started before it returned.";
  EXPECT_EQ(gate->started(), gate->finished()) << "the destructor returned while a tick() ran.";
  EXPECT_TRUE(gate->AwaitTickerGone())
      << "the thread that called tick() was still there 2 s after the destructor returned.";
}

// stop() right after the constructor, maybe before the thread has ticked at all.
TEST(Ticker, StopRightAway) {
  TickGate gate;
  Ticker ticker(gate.Tick());
  ticker.stop();
  ExpectNoTickAfterStop(gate, "stop()");
  EXPECT_EQ(ticker.ticks(), gate.finished())
      << "after stop(), ticks() is " << ticker.ticks() << ", but tick() returned "
      << gate.finished() << " times.";
}

}  // namespace
