// Tests of exercise 12: the mini interpreter without a GIL, and the policy that makes that safe:
// how an object counts its references, and how a list guards its items.
//
// Threads run interpreter programs side by side on shared objects. ThreadSanitizer sees a count
// or a list touched by two threads with nothing ordering them (`data-race`), including a free
// that is not ordered after another holder's last write. The tracker sees objects freed twice or
// never. One test proves that two threads really run bytecode at the same moment, without a
// clock: a GIL brought back makes it a `deadlock`, every run.
#include "free_threading.hpp"

#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <latch>
#include <thread>
#include <vector>

#include "mini/interpreter.hpp"
#include "racelab/category.hpp"
#include "racelab/expected.hpp"
#include "racelab/run_concurrently.hpp"
#include "racelab/source_rules.hpp"
#include "racelab/tracker.hpp"
#include "racelab/wait_sites.hpp"

namespace {

using Policy = FreeThreading;
using Interpreter = mini::Interpreter<Policy>;

constexpr int kThreads = 4;

// `numbers.append(i)` for i in 0 .. 199, then `return len(numbers)`; numbers is global 0.
const mini::Program kAppend = mini::Assemble(R"(
          push 0
          store 0           # i = 0
    loop: load 0
          push 200
          less
          jump_if_false done
          global 0
          load 0
          append            # numbers.append(i)
          load 0
          push 1
          add
          store 0           # i = i + 1
          jump loop
    done: global 0
          len
          return)");
constexpr long kAppends = 200;

// One thread: a count starts at 1, follows incref() and decref(), and decref() says true exactly
// when it drops the last reference.
TEST(FreeThreading, CountsOnOneThread) {
  FreeThreading::RefCount count;
  EXPECT_EQ(count.value(), 1) << "a new object has one reference, its maker's.";
  count.incref();
  count.incref();
  EXPECT_EQ(count.value(), 3) << "after two increfs: " << racelab::ExpectedGot(3, count.value());
  EXPECT_FALSE(count.decref()) << "decref() from 3 to 2 said it dropped the last reference.";
  EXPECT_FALSE(count.decref()) << "decref() from 2 to 1 said it dropped the last reference.";
  EXPECT_TRUE(count.decref()) << "decref() from 1 to 0 must say true: the object is freed then.";
}

// Four threads take 1,000 references each to one object, then drop them all. In between the count
// must be exactly 4,001, at the end 1 again, and no decref() but the very last may say it dropped
// the last reference. The threads yield the processor after every atomic load, so a count changed
// by a load and a separate store loses updates every run, even on one core.
TEST(FreeThreading, CountsStayExactOnManyThreads) {
  constexpr int kCalls = 1'000;
  FreeThreading::RefCount count;
  racelab::RunConcurrently({.threads = kThreads, .calls = kCalls, .interleave = true},
                           [&](int, int) { count.incref(); });
  const long taken = count.value();
  EXPECT_EQ(taken, 1 + kThreads * kCalls)
      << "increfs were lost: " << racelab::ExpectedGot(1 + kThreads * kCalls, taken)
      << ". A count changed by a load and a separate store loses the updates other threads "
         "make in between.";
  std::atomic<int> said_last{0};
  racelab::RunConcurrently({.threads = kThreads, .calls = kCalls, .interleave = true},
                           [&](int, int) {
                             if (count.decref()) said_last.fetch_add(1, std::memory_order_relaxed);
                           });
  EXPECT_EQ(count.value(), taken - kThreads * kCalls)
      << "decrefs were lost: " << racelab::ExpectedGot(taken - kThreads * kCalls, count.value());
  EXPECT_EQ(said_last.load(), 0) << "decref() said it dropped the last reference while "
                                 << "references were still held: the object would be freed "
                                 << "under its holders.";
}

// Four threads run a loop that reads two shared integers (each read takes a reference and drops
// it) and adds them: every count must end where it started. Here and below, threads that share
// objects take turns on one CPU at every atomic load and unlock (forced interleaving), so that
// ThreadSanitizer sees each unguarded access in turn and reports it before a corrupted object
// can crash the test.
TEST(FreeThreading, SharedObjectsKeepExactCounts) {
  racelab::Tracker tracker;
  {
    Interpreter interpreter(tracker);
    mini::Int<Policy>* a = interpreter.new_int(20);
    mini::Int<Policy>* b = interpreter.new_int(22);
    interpreter.add_global(a);  // global 0
    interpreter.add_global(b);  // global 1
    const mini::Program add = mini::Assemble(R"(
              push 0
              store 0         # i = 0
        loop: load 0
              push 100
              less
              jump_if_false done
              global 0
              global 1
              add
              store 1         # x = a + b
              load 0
              push 1
              add
              store 0         # i = i + 1
              jump loop
        done: load 1
              return)");
    std::array<long, kThreads> results{};
    racelab::RunConcurrently({.threads = kThreads, .calls = 5, .interleave = true},
                             [&](int thread, int) { results[thread] = interpreter.run(add); });
    for (const long result : results) EXPECT_EQ(result, 42) << "20 + 22 should be 42.";
    EXPECT_EQ(a->refcount(), 1) << "every reference taken to a shared object was dropped again, "
                                << "so only the globals hold it: "
                                << racelab::ExpectedGot(1, a->refcount()) << ".";
    EXPECT_EQ(b->refcount(), 1) << "every reference taken to a shared object was dropped again, "
                                << "so only the globals hold it: "
                                << racelab::ExpectedGot(1, b->refcount()) << ".";
  }
  tracker.ExpectAllFreedOnce();
}

// Four threads append to one shared list at once. Every append must arrive.
TEST(FreeThreading, ListsTakeEveryAppend) {
  constexpr int kRuns = 3;
  racelab::Tracker tracker;
  {
    Interpreter interpreter(tracker);
    mini::List<Policy>* numbers = interpreter.new_list();
    interpreter.add_global(numbers);  // global 0
    racelab::RunConcurrently({.threads = kThreads, .calls = kRuns, .interleave = true},
                             [&](int, int) { interpreter.run(kAppend); });
    const long appended = static_cast<long>(numbers->size());
    EXPECT_EQ(appended, kThreads * kRuns * kAppends)
        << "appends were lost: " << racelab::ExpectedGot(kThreads * kRuns * kAppends, appended);
  }
  tracker.ExpectAllFreedOnce();
}

// Two threads hold each of 200 lists. Thread 0 appends to the list and drops its reference, then
// raises a flag; thread 1 waits for the flag and drops the last reference, which frees the list.
// The flag is relaxed and orders nothing, and thread 1 never takes the list's lock: only the
// count can order thread 0's append before the free. A decrement that is not both release and
// acquire is reported as a data race between the two, every run.
TEST(FreeThreading, LastReferenceFreesAfterEveryHoldersWrites) {
  constexpr int kLists = 200;
  racelab::Tracker tracker;
  {
    Interpreter interpreter(tracker);
    std::vector<mini::List<Policy>*> lists;
    for (int i = 0; i < kLists; ++i) {
      lists.push_back(interpreter.new_list());
      incref(lists.back());  // one reference for each thread
    }
    const mini::Program append_one = mini::Assemble(R"(
        load 0
        push 7
        append      # the list, passed in, gets a 7; the program ends and drops its reference)");
    const mini::Program drop = mini::Assemble(R"(
        push 0
        return      # drops the list passed in)");
    std::vector<std::atomic<bool>> dropped(kLists);
    racelab::RunConcurrently({.threads = 2, .calls = kLists}, [&](int thread, int i) {
      const auto at = static_cast<std::size_t>(i);
      if (thread == 0) {
        interpreter.run(append_one, {lists[at]});
        dropped[at].store(true, std::memory_order_relaxed);
      } else {
        while (!dropped[at].load(std::memory_order_relaxed)) std::this_thread::yield();
        interpreter.run(drop, {lists[at]});
      }
    });
  }
  tracker.ExpectAllFreedOnce();
}

// Proof of parallelism, without a clock: two threads run a CPU-bound loop, and halfway through
// each calls a native function that returns only once both threads are inside it. Under a GIL
// the second thread could never get in while the first waits there: both would wait forever, and
// the watchdog ends the test as a deadlock.
TEST(FreeThreading, CpuBoundThreadsRunInParallel) {
  racelab::Tracker tracker;
  {
    Interpreter interpreter(tracker);
    std::latch both_inside(2);
    interpreter.add_native([&] {  // native 0
      racelab::WaitNote note("the other thread to reach the middle of its program");
      both_inside.arrive_and_wait();
    });
    const mini::Program count = mini::Assemble(R"(
                push 0
                store 0         # i = 0
        first:  load 0          # while i < 200: i = i + 1
                push 200
                less
                jump_if_false half
                load 0
                push 1
                add
                store 0
                jump first
        half:   call 0          # returns once the other thread is here too
        second: load 0          # while i < 400: i = i + 1
                push 400
                less
                jump_if_false done
                load 0
                push 1
                add
                store 0
                jump second
        done:   load 0
                return)");
    std::array<long, 2> results{};
    racelab::RunConcurrently({.threads = 2, .calls = 1},
                             [&](int thread, int) { results[thread] = interpreter.run(count); });
    EXPECT_EQ(results[0], 400);
    EXPECT_EQ(results[1], 400);
  }
  tracker.ExpectAllFreedOnce();
}

// Holding one list's lock must not lock another list: with one lock for all lists, threads that
// use different lists would wait for each other, a small GIL of its own.
TEST(FreeThreading, EachListHasItsOwnLock) {
  racelab::Tracker tracker;
  bool other_list_free = false;
  {
    Interpreter interpreter(tracker);
    mini::List<Policy>* first = interpreter.new_list();
    mini::List<Policy>* second = interpreter.new_list();
    interpreter.add_global(first);
    interpreter.add_global(second);
    std::lock_guard hold(first->items_lock());
    std::thread([&] {
      // try_lock() may fail spuriously now and then; a lock that is really taken fails every time.
      for (int attempt = 0; attempt < 100 && !other_list_free; ++attempt) {
        if (second->items_lock().try_lock()) {
          other_list_free = true;
          second->items_lock().unlock();
        }
        std::this_thread::yield();
      }
    }).join();
  }
  EXPECT_TRUE(other_list_free)
      << racelab::kConstraint
      << "while one list's lock was held, another list's lock could not be taken: all lists "
         "share one lock, so threads that use different lists wait for each other. Give each "
         "list a lock of its own (ContainerLock is a member of every list).";
  tracker.ExpectAllFreedOnce();
}

// Standalone fences are invisible to ThreadSanitizer: the tests could not check one.
TEST(FreeThreading, UsesNoStandaloneFence) {
  racelab::ExpectNoneUsed(racelab::StudentFile("free_threading.hpp"),
                          {"atomic_thread_fence", "atomic_signal_fence"},
                          "ThreadSanitizer cannot see a standalone fence, so the tests could not "
                          "verify your ordering. Put it on the operation itself: "
                          "fetch_sub(1, std::memory_order_acq_rel).");
}

}  // namespace
