// Unit tests of the harness, built with the preset's sanitizer like the exercises.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "racelab/asleep.hpp"
#include "racelab/expected.hpp"
#include "racelab/run_concurrently.hpp"
#include "racelab/source_rules.hpp"
#include "racelab/spurious_wakeups.hpp"
#include "racelab/thread_starts.hpp"
#include "racelab/thread_state.hpp"
#include "racelab/tracker.hpp"
#include "racelab/wait_sites.hpp"
#include "racelab/watched_locks.hpp"

namespace racelab {
namespace {

TEST(RunConcurrently, MakesEveryCallOnEveryThread) {
  std::vector<std::atomic<int>> calls(4);
  RunConcurrently({.threads = 4, .calls = 1000, .chaos = true},
                  [&](int thread, int) { calls[thread].fetch_add(1, std::memory_order_relaxed); });
  for (auto& count : calls) EXPECT_EQ(count.load(), 1000);
}

// The start gate releases the threads together: all of them are inside their first call
// before any finishes it.
TEST(RunConcurrently, ReleasesTheThreadsTogether) {
  std::atomic<int> arrived{0};
  std::atomic<int> overlapped{0};
  RunConcurrently({.threads = 3, .calls = 1}, [&](int, int) {
    arrived.fetch_add(1);
    while (arrived.load() < 3) {
    }
    overlapped.fetch_add(1);
  });
  EXPECT_EQ(overlapped.load(), 3);
}

// An increment made of an atomic load and a separate atomic store loses updates only when
// another thread runs between the two; forced interleaving makes that happen on every call, on
// one core as on many.
TEST(RunConcurrently, InterleavingSplitsALoadFromTheStoreAfterIt) {
  std::atomic<long> count{0};
  RunConcurrently({.threads = 2, .calls = 500, .interleave = true},
                  [&](int, int) { count.store(count.load() + 1); });
  EXPECT_LT(count.load(), 1000) << "no update was lost: the load and the store were never split";
}

// The same for a check and an act in two critical sections: the unlock between them yields.
TEST(RunConcurrently, InterleavingSplitsTwoCriticalSections) {
  std::mutex mutex;
  long count = 0;
  RunConcurrently({.threads = 2, .calls = 500, .interleave = true}, [&](int, int) {
    long seen = 0;
    {
      std::lock_guard<std::mutex> lock(mutex);
      seen = count;
    }
    std::lock_guard<std::mutex> lock(mutex);
    count = seen + 1;
  });
  EXPECT_LT(count, 1000) << "no update was lost: the two critical sections were never split";
}

// Without it, a correct increment still counts everything (the wrappers change nothing else).
TEST(RunConcurrently, InterleavingKeepsCorrectCodeCorrect) {
  std::atomic<long> count{0};
  RunConcurrently({.threads = 2, .calls = 500, .interleave = true},
                  [&](int, int) { count.fetch_add(1); });
  EXPECT_EQ(count.load(), 1000);
}

TEST(ThreadsStarted, CountsEveryWayToStartAThread) {
  const long before = ThreadsStarted();
  std::thread([] {}).join();
  std::jthread([] {}).join();
  std::async(std::launch::async, [] {}).get();
  pthread_t thread;
  ASSERT_EQ(pthread_create(
                &thread, nullptr, [](void*) -> void* { return nullptr; }, nullptr),
            0);
  pthread_join(thread, nullptr);
  EXPECT_EQ(ThreadsStarted() - before, 4);
}

// A thread asleep on a condition variable, which no lock wrapper sees, is described by the note it
// waits under; once the note is gone, it is described as waiting for nothing.
TEST(WaitNote, DescribesAWaitNoLockWrapperSees) {
  std::mutex mutex;
  std::condition_variable signalled;
  bool go = false;
  std::atomic<pid_t> tid{0};
  std::thread waiter([&] {
    tid.store(CurrentThreadId());
    WaitNote note("the test's signal");
    std::unique_lock lock(mutex);
    signalled.wait(lock, [&] { return go; });
  });
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  std::string described;
  while (described.empty() && std::chrono::steady_clock::now() < give_up) {
    std::this_thread::yield();
    if (const pid_t waiting = tid.load(); waiting != 0) described = DescribeWait(waiting);
  }
  EXPECT_EQ(described, "    waits for the test's signal\n");
  {
    std::lock_guard lock(mutex);
    go = true;
  }
  signalled.notify_one();
  waiter.join();
  EXPECT_EQ(DescribeWait(tid.load()), "");
}

// A watched lock is named in what a stuck thread holds and waits for, and the hook runs in the
// thread that took it.
TEST(WatchedLocks, NameWhatAThreadHoldsAndWaitsFor) {
  std::vector<std::mutex> forks(2);
  WatchedLocks watched(forks, "fork");
  std::atomic<int> hooked{0};  // forks the other thread took, as the hook saw them, plus one
  std::atomic<pid_t> tid{0};
  watched.OnTaken([&](int fork) {
    if (CurrentThreadId() == tid.load()) hooked.store(fork + 1);
  });
  forks[1].lock();
  std::thread philosopher([&] {
    tid.store(CurrentThreadId());
    std::lock_guard first(forks[0]);
    std::lock_guard second(forks[1]);
  });
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  std::string described;
  while (described.find("waits for fork 1") == std::string::npos &&
         std::chrono::steady_clock::now() < give_up) {
    std::this_thread::yield();
    if (const pid_t waiting = tid.load(); waiting != 0) described = DescribeWait(waiting);
  }
  EXPECT_EQ(described.rfind("    holds fork 0, waits for fork 1\n    waits for the lock at ", 0),
            0u)
      << described;
  EXPECT_EQ(hooked.load(), 1);
  forks[1].unlock();
  philosopher.join();
  EXPECT_EQ(WatchedLocks::Describe(tid.load()), "holds no fork");
}

struct Tracked {
  explicit Tracked(Tracker& tracker) : life(tracker) {}
  Tracker::Life life;
};

TEST(Tracker, CountsCreationsAndFrees) {
  Tracker tracker;
  auto* a = new Tracked(tracker);
  auto* b = new Tracked(tracker);
  EXPECT_EQ(tracker.live(), 2);
  delete a;
  EXPECT_EQ(tracker.live(), 1);
  delete b;
  EXPECT_EQ(tracker.created(), 2);
  EXPECT_EQ(tracker.freed(), 2);
  EXPECT_EQ(tracker.double_frees(), 0);
}

TEST(Tracker, SeesADoubleFree) {
  Tracker tracker;
  alignas(Tracked) unsigned char storage[sizeof(Tracked)];
  auto* object = new (storage) Tracked(tracker);
  object->~Tracked();
  object->~Tracked();
  EXPECT_EQ(tracker.double_frees(), 1);
  EXPECT_EQ(tracker.live(), 0);
}

TEST(SourceRules, IgnoreCommentsAndStrings) {
  const auto file = SourceFile::FromText("c.hpp",
                                         "// std::mutex in a comment\n"
                                         "/* and a\n mutex here */\n"
                                         "const char* s = \"mutex\";\n"
                                         "std::atomic<long> count_;\n");
  EXPECT_EQ(file.LineOf("mutex"), 0);
  EXPECT_EQ(file.LineOf("atomic"), 5);
}

TEST(SourceRules, SeeMacrosWithABody) {
  EXPECT_EQ(SourceFile::FromText("a", "#pragma once\n#define GUARD\n").MacroLine(), 0);
  EXPECT_EQ(SourceFile::FromText("a", "#pragma once\n#define M std::mu##tex\n").MacroLine(), 2);
}

TEST(SourceRules, SkipIncludeLines) {
  const auto file = SourceFile::FromText("c.hpp", "#include <mutex>\nstd::mutex m;\n");
  EXPECT_EQ(file.LineOf("mutex"), 2);  // the #include line does not count
  EXPECT_EQ(file.LineOf("lock_guard"), 0);
}

// A wait that checks once returns without a notify; a wait in a loop still sleeps until one.
TEST(SpuriousWakeups, BreakAnIfButNotAWhile) {
  std::mutex mutex;
  std::condition_variable changed;
  bool ready = false;
  SpuriousWakeups spurious;
  const long before = SpuriousWakeups::Count();
  std::thread([&] {
    std::unique_lock lock(mutex);
    if (!ready) changed.wait(lock);  // returns at once: its thread's first wait
    EXPECT_FALSE(ready);
  }).join();
  EXPECT_EQ(SpuriousWakeups::Count() - before, 1);

  std::atomic<int> waits{0};
  std::thread waiter([&] {
    std::unique_lock lock(mutex);
    while (!ready) {
      waits.fetch_add(1);
      changed.wait(lock);
    }
  });
  while (waits.load() < 2) std::this_thread::yield();  // the second wait sleeps
  {
    std::lock_guard lock(mutex);
    ready = true;
  }
  changed.notify_one();
  waiter.join();
  EXPECT_EQ(waits.load(), 2);
}

// A woken waiter is held, without the mutex, until released.
TEST(SpuriousWakeups, LateWakeupHoldsTheWokenThread) {
  std::mutex mutex;
  std::condition_variable changed;
  bool ready = false;
  std::atomic<bool> returned{false};
  std::atomic<pid_t> tid{0};
  std::thread waiter([&] {
    tid.store(CurrentThreadId());
    std::unique_lock lock(mutex);
    changed.wait(lock, [&] { return ready; });
    returned.store(true);
  });
  while (tid.load() == 0) std::this_thread::yield();
  ASSERT_EQ(WaitUntilAsleep(tid.load(), [&] { return returned.load(); }), Sleep::kAsleep);
  LateWakeup late;
  {
    std::lock_guard lock(mutex);
    ready = true;
  }
  changed.notify_one();
  while (!late.Holding() && !returned.load()) std::this_thread::yield();
  EXPECT_TRUE(late.Holding());
  { std::lock_guard lock(mutex); }  // the held thread gave the mutex back
  EXPECT_FALSE(returned.load());
  late.Release();
  waiter.join();
  EXPECT_TRUE(returned.load());
}

// A thread that sleeps in a wait is seen asleep; a call that returns is seen returned.
TEST(WaitUntilAsleep, TellsASleepingCallFromAReturnedOne) {
  std::mutex mutex;
  std::condition_variable changed;
  bool go = false;
  std::atomic<pid_t> tid{0};
  std::atomic<bool> returned{false};
  std::thread sleeper([&] {
    tid.store(CurrentThreadId());
    std::unique_lock lock(mutex);
    changed.wait(lock, [&] { return go; });
    returned.store(true);
  });
  while (tid.load() == 0) std::this_thread::yield();
  EXPECT_EQ(WaitUntilAsleep(tid.load(), [&] { return returned.load(); }), Sleep::kAsleep);
  {
    std::lock_guard lock(mutex);
    go = true;
  }
  changed.notify_one();
  sleeper.join();
  EXPECT_EQ(WaitUntilAsleep(tid.load(), [&] { return returned.load(); }), Sleep::kReturned);
}

TEST(ExpectedGot, GivesBothNumbersAndTheGap) {
  EXPECT_EQ(ExpectedGot(6, 4), "expected 6, got 4 (2 less)");
  EXPECT_EQ(ExpectedGot(6, 9), "expected 6, got 9 (3 more)");
  EXPECT_EQ(ExpectedGot(-1, -1), "expected -1, got -1");
}

}  // namespace
}  // namespace racelab
