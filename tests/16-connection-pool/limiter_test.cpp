// Tests of exercise 16: Limiter, which lets at most `max_users` threads in at once.
//
// The tests count the users inside themselves: every thread that got a place adds itself to the
// tests' own count, stays a moment, and takes itself off before it releases. A limit checked in
// one step and taken in another leaves ThreadSanitizer nothing to report (every access is
// atomic), and on one core the gap between the two steps is hardly ever hit by chance. So the
// threads share one CPU and give it up right after every atomic load and every unlock: another
// thread then always runs between a check and the act that follows it. Condition-variable waits
// wake up once without a notify (racelab::SpuriousWakeups), so a wait that does not check again
// shows too.
#include "limiter.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "racelab/asleep.hpp"
#include "racelab/expected.hpp"
#include "racelab/run_concurrently.hpp"
#include "racelab/source_rules.hpp"
#include "racelab/spurious_wakeups.hpp"
#include "racelab/thread_state.hpp"
#include "racelab/wait_sites.hpp"

namespace {

// The tests' own count of the users inside, and the most it ever was. Relaxed: it orders
// nothing between the threads, so it cannot hide a race in the Limiter.
struct Inside {
  std::atomic<int> now{0};
  std::atomic<int> most{0};

  void Enter() {
    const int users = now.fetch_add(1, std::memory_order_relaxed) + 1;
    int seen = most.load(std::memory_order_relaxed);
    while (users > seen && !most.compare_exchange_weak(seen, users, std::memory_order_relaxed)) {
    }
    std::this_thread::yield();  // stay a moment: others try to come in meanwhile
  }
  void Leave() { now.fetch_sub(1, std::memory_order_relaxed); }
};

// What a thread stuck in acquire() waits for, for the deadlock report. libstdc++'s
// std::counting_semaphore (GCC 12 and 13) can lose a wake-up: release() wakes nobody when the
// count was above zero, and a thread that was just going to sleep stays asleep with a place
// free. The tests never caught it in their runs, but if a semaphore ever hangs, the report says
// whose bug it is.
const char* AcquireNote() {
  static const bool semaphore = [] {
    const racelab::SourceFile file = racelab::StudentFile("limiter.hpp");
    return file.LineOf("counting_semaphore") != 0 || file.LineOf("binary_semaphore") != 0;
  }();
  return semaphore ? "a place, in acquire(): inside std::counting_semaphore. If places were "
                     "free, this is libstdc++'s lost wake-up (GCC bugs 98033 and 104928), not "
                     "your code: see the README"
                   : "a place, in acquire()";
}

// One thread: places are taken and given back, try_acquire() succeeds exactly while one is free.
TEST(Limiter, OneThreadCountsPlaces) {
  Limiter limiter(2);
  EXPECT_TRUE(limiter.try_acquire()) << "try_acquire() on an empty Limiter(2) returned false.";
  EXPECT_TRUE(limiter.try_acquire()) << "try_acquire() with 1 of 2 places taken returned false.";
  EXPECT_FALSE(limiter.try_acquire()) << "try_acquire() with both places of a Limiter(2) taken "
                                         "returned true.";
  limiter.release();
  EXPECT_TRUE(limiter.try_acquire()) << "try_acquire() after a release() returned false, with "
                                        "one place free and no other thread around.";
  limiter.release();
  limiter.acquire();  // a place is free: returns at once
  limiter.release();
  limiter.release();
  for (int i = 0; i < 2; ++i) {
    EXPECT_TRUE(limiter.try_acquire()) << "after every place was given back, try_acquire() "
                                          "number "
                                       << i + 1 << " of 2 returned false.";
  }
}

// The only place is taken; another thread's acquire() must wait until it is given back.
TEST(Limiter, AcquireWaitsForAFreePlace) {
  racelab::SpuriousWakeups spurious;
  Limiter limiter(1);
  limiter.acquire();
  std::atomic<pid_t> tid{0};
  std::atomic<bool> returned{false};
  std::thread user([&] {
    tid.store(racelab::CurrentThreadId(), std::memory_order_relaxed);
    racelab::WaitNote note(AcquireNote());
    limiter.acquire();
    returned.store(true, std::memory_order_relaxed);
    limiter.release();
  });
  while (tid.load(std::memory_order_relaxed) == 0) std::this_thread::yield();
  const racelab::Sleep sleep = racelab::WaitUntilAsleep(tid.load(std::memory_order_relaxed), [&] {
    return returned.load(std::memory_order_relaxed);
  });
  const bool came_in = sleep == racelab::Sleep::kReturned;
  limiter.release();
  user.join();
  EXPECT_FALSE(came_in) << "acquire() returned while the only place of a Limiter(1) was taken: "
                           "two users were inside at once.";
}

// Five threads share a Limiter(2), 1,000 times each: never more than 2 of them inside.
TEST(Limiter, NeverMoreThanMaxUsersInside) {
  constexpr int kMax = 2;
  racelab::SpuriousWakeups spurious;
  Limiter limiter(kMax);
  Inside inside;
  racelab::RunConcurrently({.threads = 5, .calls = 1'000, .interleave = true}, [&](int, int) {
    {
      racelab::WaitNote note(AcquireNote());
      limiter.acquire();
    }
    inside.Enter();
    inside.Leave();
    limiter.release();
  });
  EXPECT_LE(inside.most.load(), kMax)
      << inside.most.load() << " threads were inside a Limiter(" << kMax << ") at once. Two "
      << "threads both saw a free place and both took it: checking for a place and taking it "
      << "must be one step, which no other thread can split.";
  EXPECT_TRUE(limiter.try_acquire() && limiter.try_acquire())
      << "after every thread gave its place back, a Limiter(2) had no 2 free places: a release() "
         "was lost, or an acquire() took more than one place.";
}

// Four threads share a Limiter(2) with try_acquire() only, 1,000 times each: never more than 2
// inside, and they do get in.
TEST(Limiter, TryAcquireNeverLetsInTooMany) {
  constexpr int kMax = 2;
  Limiter limiter(kMax);
  Inside inside;
  std::atomic<long> entries{0};
  racelab::RunConcurrently({.threads = 4, .calls = 1'000, .interleave = true}, [&](int, int) {
    if (!limiter.try_acquire()) return;
    entries.fetch_add(1, std::memory_order_relaxed);
    inside.Enter();
    inside.Leave();
    limiter.release();
  });
  EXPECT_LE(inside.most.load(), kMax)
      << inside.most.load() << " threads were inside a Limiter(" << kMax << ") at once, each "
      << "let in by try_acquire(). Two threads both saw a free place and both took it: checking "
      << "for a place and taking it must be one step.";
  EXPECT_GT(entries.load(), 0) << "in 4,000 calls of try_acquire() on a Limiter(2), not one got "
                                  "a place.";
}

// Three threads, a Limiter(3): all three must be able to be inside at the same time. Each one
// stays inside until it sees the other two there too (or gives up after 5 s).
TEST(Limiter, EveryPlaceCanBeUsed) {
  constexpr int kMax = 3;
  racelab::SpuriousWakeups spurious;
  Limiter limiter(kMax);
  std::atomic<int> inside{0};
  std::atomic<int> gave_up{0};
  racelab::RunConcurrently({.threads = kMax, .calls = 1}, [&](int, int) {
    {
      racelab::WaitNote note(AcquireNote());
      limiter.acquire();
    }
    inside.fetch_add(1, std::memory_order_relaxed);
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (inside.load(std::memory_order_relaxed) < kMax) {
      if (std::chrono::steady_clock::now() > give_up) {
        gave_up.fetch_add(1, std::memory_order_relaxed);
        break;
      }
      std::this_thread::yield();
    }
    limiter.release();
  });
  EXPECT_EQ(gave_up.load(), 0) << "3 threads never were inside a Limiter(3) at the same time: "
                                  "it let in fewer users than `max_users`.";
}

}  // namespace
