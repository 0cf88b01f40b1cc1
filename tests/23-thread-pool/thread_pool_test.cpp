// Tests of exercise 23: a thread pool with futures, exceptions carried to the caller, and a
// shutdown that finishes the queued work.
//
// The tests decide the interleavings that matter instead of hoping for them:
//   - shutdown() racing a submit() from another thread: the test submits only once shutdown()
//     has returned, and learns that through a relaxed flag, which orders nothing. Only the pool's
//     own synchronization can order its flag, and ThreadSanitizer reports a flag read without it;
//   - a shutdown() that must wait: tasks are held at a gate until the test has seen that
//     shutdown() (or the destructor) is asleep, waiting for them; a pool that returns instead
//     has left its threads running;
//   - lost wake-ups: the pool's threads share one CPU with the test, and while
//     racelab::SpuriousWakeups lives a notifier gives up the processor right after its notify
//     (spurious_wakeups.hpp), so the threads it woke run first: a notify sent before the change
//     it announces is lost every time, and the watchdog ends the test as a `deadlock`;
//   - parallelism: tasks that wait for each other at a latch finish only if the pool runs
//     `threads` of them at once; a pool that runs one at a time ends as a `deadlock`.
#include "thread_pool.hpp"

#include <gtest/gtest.h>
#include <sched.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <future>
#include <latch>
#include <memory>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "pool_threads.hpp"
#include "racelab/category.hpp"
#include "racelab/expected.hpp"
#include "racelab/run_concurrently.hpp"
#include "racelab/spurious_wakeups.hpp"
#include "racelab/thread_starts.hpp"
#include "racelab/wait_sites.hpp"

namespace {

using pool_threads::Gate;
using pool_threads::Watched;

// future.get(), described for the watchdog in case it never returns.
template <class T>
T Get(std::future<T>& future) {
  racelab::WaitNote note("the future of a task submitted to the pool");
  return future.get();
}

bool IsReady(const std::future<int>& future) {
  return future.valid() && future.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
}

// shutdown() is called on another thread and returns; then this thread submits. It learns that
// shutdown() returned through a relaxed flag, which orders no memory: if submit() reads the
// pool's "stopping" flag without the lock (or the atomic) that shutdown() wrote it under,
// nothing orders the two, and ThreadSanitizer reports it.
TEST(ThreadPool, SubmitAfterShutdownThrows) {
  ThreadPool pool(2);
  std::atomic<bool> returned{false};
  std::thread other([&] {
    pool.shutdown();
    returned.store(true, std::memory_order_relaxed);
  });
  for (int look = 0; look < 2000 && !returned.load(std::memory_order_relaxed); ++look) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  if (!returned.load(std::memory_order_relaxed)) {
    racelab::WaitNote note("shutdown() of an idle pool, on another thread, to return");
    other.join();
  }
  bool threw = false;
  try {
    pool.submit([] { return 1; });
  } catch (const std::runtime_error&) {
    threw = true;
  } catch (...) {
    ADD_FAILURE() << "submit() after shutdown() threw, but not a std::runtime_error (nor a type "
                     "derived from it).";
    threw = true;
  }
  EXPECT_TRUE(threw) << "submit() after shutdown() had returned did not throw: it must throw "
                        "std::runtime_error.";
  if (other.joinable()) other.join();
  pool.shutdown();  // a second shutdown() returns at once
  EXPECT_THROW(pool.submit([] {}), std::runtime_error)
      << "submit() after a second shutdown() must throw std::runtime_error too.";
}

// Results of every type come back through the futures.
TEST(ThreadPool, ResultsComeBackThroughFutures) {
  ThreadPool pool(3);
  std::future<int> number = pool.submit([] { return 6 * 7; });
  std::future<std::string> text = pool.submit([] { return std::string(41, 'x'); });
  std::atomic<bool> ran{false};
  std::future<void> nothing = pool.submit([&] { ran = true; });
  EXPECT_EQ(Get(number), 42) << "the future of a task returning 6 * 7 held another value.";
  EXPECT_EQ(Get(text), std::string(41, 'x'))
      << "the future of a task returning a string held another string.";
  Get(nothing);
  EXPECT_TRUE(ran) << "the future of a void task was ready before the task had run.";
}

// A task's exception comes out of future.get(), the same exception, and the worker that ran the
// task goes on with the next one.
//
// The futures are read after shutdown(). C++'s exception runtime counts the references to an
// exception with atomic operations that ThreadSanitizer cannot see (it is not instrumented), so
// a worker that drops the last reference while this thread still reads the exception would be
// reported as a race that does not exist. Once the workers are joined, every reference left is
// this thread's.
TEST(ThreadPool, ExceptionsComeBackThroughFutures) {
  ThreadPool pool(1);
  std::future<int> failing = pool.submit([]() -> int { throw std::out_of_range("task 7 failed"); });
  std::future<void> failing_void =
      pool.submit([] { throw std::overflow_error("void task failed"); });
  std::future<int> after = pool.submit([] { return 5; });
  EXPECT_EQ(Get(after), 5) << "after two tasks that threw, the next task's result was wrong.";
  pool.shutdown();
  const auto expect_rethrown = [](auto& future, const std::string& type, const std::string& what,
                                  const auto& is_that_type) {
    try {
      Get(future);
      ADD_FAILURE() << "a task threw " << type << "(\"" << what << "\"), but future.get() "
                    << "returned normally: the exception must come out of get().";
    } catch (const std::future_error& error) {
      ADD_FAILURE() << "a task threw " << type << "(\"" << what << "\"), but future.get() threw "
                    << "std::future_error (\"" << error.what() << "\") instead: the exception "
                    << "was lost, and the future's promise was destroyed without a value. Catch "
                    << "the task's exception and store it in the promise "
                    << "(set_exception(std::current_exception())), or let a std::packaged_task "
                    << "do it.";
    } catch (const std::exception& error) {
      if (!is_that_type(error) || what != error.what()) {
        ADD_FAILURE() << "a task threw " << type << "(\"" << what << "\"), but future.get() threw "
                      << "another exception (\"" << error.what() << "\").";
      }
    }
  };
  expect_rethrown(failing, "std::out_of_range", "task 7 failed", [](const std::exception& e) {
    return dynamic_cast<const std::out_of_range*>(&e) != nullptr;
  });
  expect_rethrown(failing_void, "std::overflow_error", "void task failed",
                  [](const std::exception& e) {
                    return dynamic_cast<const std::overflow_error*>(&e) != nullptr;
                  });
}

// Four threads submit at once; every task runs exactly once and returns its own value.
TEST(ThreadPool, ManySubmittersAtOnce) {
  constexpr int kThreads = 4;
  constexpr int kCalls = 250;
  ThreadPool pool(3);
  std::vector<std::vector<std::future<int>>> futures(kThreads);
  for (std::vector<std::future<int>>& row : futures) row.resize(kCalls);
  std::vector<std::vector<int>> runs(kThreads, std::vector<int>(kCalls, 0));  // one slot per task
  racelab::RunConcurrently(
      {.threads = kThreads, .calls = kCalls, .chaos = true}, [&](int thread, int call) {
        int& slot = runs[static_cast<std::size_t>(thread)][static_cast<std::size_t>(call)];
        futures[static_cast<std::size_t>(thread)][static_cast<std::size_t>(call)] =
            pool.submit([&slot, value = thread * kCalls + call] {
              ++slot;
              return value;
            });
      });
  int wrong_value = 0, not_once = 0;
  for (int thread = 0; thread < kThreads; ++thread) {
    for (int call = 0; call < kCalls; ++call) {
      const auto t = static_cast<std::size_t>(thread), c = static_cast<std::size_t>(call);
      wrong_value += Get(futures[t][c]) != thread * kCalls + call;
      not_once += runs[t][c] != 1;
    }
  }
  EXPECT_EQ(wrong_value, 0) << wrong_value << " of " << kThreads * kCalls
                            << " futures held another task's value.";
  EXPECT_EQ(not_once, 0) << not_once << " of " << kThreads * kCalls
                         << " tasks submitted from four threads at once did not run exactly once.";
}

// Tasks submit tasks of their own to the same pool.
TEST(ThreadPool, TasksCanSubmitTasks) {
  constexpr int kTasks = 40;
  ThreadPool pool(2);
  std::vector<std::future<std::future<int>>> outer;
  for (int i = 0; i < kTasks; ++i) {
    outer.push_back(pool.submit([&pool, i] { return pool.submit([i] { return i * i; }); }));
  }
  for (int i = 0; i < kTasks; ++i) {
    std::future<int> inner = Get(outer[static_cast<std::size_t>(i)]);
    EXPECT_EQ(Get(inner), i * i) << "a task submitted by task " << i << " returned a wrong value.";
  }
}

// `threads` tasks that wait for each other at a latch: they finish only if the pool runs all of
// them at the same time, each on a thread of its own, none on the caller's thread.
TEST(ThreadPool, RunsTasksInParallel) {
  for (int threads = 1; threads <= 4; ++threads) {
    ThreadPool pool(threads);
    std::latch together(threads);
    std::vector<std::future<std::thread::id>> ran_on;
    for (int i = 0; i < threads; ++i) {
      ran_on.push_back(pool.submit([&together] {
        racelab::WaitNote note(
            "the other tasks of its batch: a pool of N threads must run N tasks at once");
        together.arrive_and_wait();
        return std::this_thread::get_id();
      }));
    }
    std::set<std::thread::id> ids;
    for (std::future<std::thread::id>& future : ran_on) ids.insert(Get(future));
    EXPECT_EQ(static_cast<int>(ids.size()), threads)
        << threads << " tasks that ran at the same time ran on " << ids.size() << " threads.";
    EXPECT_EQ(ids.count(std::this_thread::get_id()), 0u)
        << "a task ran on the thread that submitted it: submit() must hand it to a pool thread.";
  }
}

// A pool of one thread runs everything on that thread; a pool never starts more threads than
// it was given, however many tasks come.
TEST(ThreadPool, NoMoreThreadsThanAskedFor) {
  for (const int threads : {1, 3}) {
    const long started_before = racelab::ThreadsStarted();
    ThreadPool pool(threads);
    std::mutex mutex;
    std::set<std::thread::id> ids;
    std::vector<std::future<int>> futures;
    for (int i = 0; i < 100; ++i) {
      futures.push_back(pool.submit([&, i] {
        std::lock_guard<std::mutex> lock(mutex);
        ids.insert(std::this_thread::get_id());
        return i;
      }));
    }
    int wrong = 0;
    for (int i = 0; i < 100; ++i) wrong += Get(futures[static_cast<std::size_t>(i)]) != i;
    EXPECT_EQ(wrong, 0) << wrong << " of 100 tasks on a pool of " << threads
                        << " threads returned a wrong value.";
    const long started = racelab::ThreadsStarted() - started_before;
    EXPECT_LE(started, threads) << "ThreadPool(" << threads << ") started " << started
                                << " threads for 100 tasks: a pool starts its threads once and "
                                   "reuses them.";
    std::lock_guard<std::mutex> lock(mutex);
    EXPECT_LE(static_cast<int>(ids.size()), threads)
        << "100 tasks on ThreadPool(" << threads << ") ran on " << ids.size() << " threads.";
  }
}

// What a call that must wait for held tasks did.
struct WaitOutcome {
  bool returned_early = false;  // returned while tasks were held: its threads were left running
  int total = 0;                // tasks submitted
  int ran = 0;                  // tasks that had run when the (last) call returned
  int not_once = 0;             // tasks that did not run exactly once
  int not_ready = 0;            // futures not ready once every call had returned
};

// Submits `held` tasks that wait at a gate and `queued` that do not, waits until the held ones
// run, runs `call` on `callers` threads of its own, waits until each of them is asleep (waiting for
// the held tasks, as it must) or has returned, and only then opens the gate. A call that returned
// while tasks were held left the pool's threads running: then nothing is opened, joined or freed
// (the held tasks never finish, so the pool's threads touch nothing that goes away).
WaitOutcome CallWhileTasksAreHeld(ThreadPool* pool, int held, int queued, int callers,
                                  std::function<void(ThreadPool*)> call) {
  struct Shared {
    Gate gate;
    std::atomic<int> entered{0};  // held tasks that have started, waiting at the gate
    std::vector<std::atomic<int>> runs;
    std::vector<std::future<int>> futures;
    std::vector<Watched> watched;
    std::vector<std::atomic<bool>> returned;
    std::vector<std::atomic<int>> ran_at_return;
    std::function<void(ThreadPool*)> call;
    int Ran() const {
      int ran = 0;
      for (const std::atomic<int>& n : runs) ran += n.load(std::memory_order_relaxed) > 0;
      return ran;
    }
  };
  const int total = held + queued;
  auto* shared = new Shared;
  shared->runs = std::vector<std::atomic<int>>(static_cast<std::size_t>(total));
  shared->watched = std::vector<Watched>(static_cast<std::size_t>(callers));
  shared->returned = std::vector<std::atomic<bool>>(static_cast<std::size_t>(callers));
  shared->ran_at_return = std::vector<std::atomic<int>>(static_cast<std::size_t>(callers));
  shared->call = std::move(call);
  for (int i = 0; i < total; ++i) {
    shared->futures.push_back(pool->submit([shared, i, held] {
      if (i < held) {
        shared->entered.fetch_add(1, std::memory_order_relaxed);
        shared->gate.Pass();
      }
      shared->runs[static_cast<std::size_t>(i)].fetch_add(1, std::memory_order_relaxed);
      return i;
    }));
  }
  // The held tasks all running (up to 5 s, for a pool that runs fewer at once).
  for (int look = 0; look < 5000 && shared->entered.load(std::memory_order_relaxed) < held;
       ++look) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  std::vector<std::thread> threads;
  for (int c = 0; c < callers; ++c) {
    threads.emplace_back([shared, pool, slot = static_cast<std::size_t>(c)] {
      shared->watched[slot].Here();
      shared->call(pool);
      shared->ran_at_return[slot].store(shared->Ran(), std::memory_order_relaxed);
      shared->returned[slot].store(true, std::memory_order_relaxed);
    });
  }
  WaitOutcome outcome;
  outcome.total = total;
  for (std::size_t slot = 0; slot < static_cast<std::size_t>(callers); ++slot) {
    pool_threads::WaitUntilAsleep({shared->watched[slot].Tid()}, 10, &shared->returned[slot]);
    outcome.returned_early =
        outcome.returned_early || shared->returned[slot].load(std::memory_order_relaxed);
  }
  if (outcome.returned_early) {
    for (std::thread& thread : threads) thread.detach();
    outcome.ran = shared->Ran();
    return outcome;  // `shared` stays: the held tasks still use it
  }
  shared->gate.Open();
  {
    racelab::WaitNote note("the test's threads that called shutdown() or the destructor");
    for (std::thread& thread : threads) thread.join();
  }
  outcome.ran = total;
  for (const std::atomic<int>& ran : shared->ran_at_return) {
    outcome.ran = std::min(outcome.ran, ran.load(std::memory_order_relaxed));
  }
  for (const std::atomic<int>& n : shared->runs) outcome.not_once += n.load() != 1;
  for (const std::future<int>& future : shared->futures) outcome.not_ready += !IsReady(future);
  delete shared;
  return outcome;
}

// shutdown() lets the workers finish every task already submitted (two running, thirty queued),
// and returns only once they did and its threads are joined.
TEST(ThreadPool, ShutdownFinishesEveryTask) {
  constexpr int kHeld = 2, kQueued = 30;
  auto* pool = new ThreadPool(2);
  const WaitOutcome outcome =
      CallWhileTasksAreHeld(pool, kHeld, kQueued, 1, [](ThreadPool* p) { p->shutdown(); });
  if (outcome.returned_early) {
    ADD_FAILURE() << racelab::kLeak << "shutdown() returned while " << kHeld
                  << " tasks were still running and " << outcome.total - outcome.ran << " of "
                  << outcome.total
                  << " had not run: it must wait for the workers to finish every task "
                     "already submitted, and then join them. Its threads are left running.";
    return;  // the pool is left alone: its threads still run the held tasks
  }
  EXPECT_EQ(outcome.ran, kHeld + kQueued)
      << "when shutdown() returned, only " << outcome.ran << " of " << kHeld + kQueued
      << " submitted tasks had run: shutdown() must let the workers drain the queue first.";
  EXPECT_EQ(outcome.not_once, 0) << outcome.not_once << " of " << kHeld + kQueued
                                 << " tasks did not run exactly once.";
  EXPECT_EQ(outcome.not_ready, 0) << outcome.not_ready << " of " << kHeld + kQueued
                                  << " futures were not ready after shutdown() returned.";
  delete pool;
}

// Three threads call shutdown() at once: each returns only once every task has run, none of
// them throws, and a later shutdown() returns at once.
TEST(ThreadPool, ShutdownFromManyThreadsAtOnce) {
  constexpr int kHeld = 3, kQueued = 20;
  auto* pool = new ThreadPool(3);
  static std::atomic<int> threw{0};  // static: threads left running may still use it
  const WaitOutcome outcome = CallWhileTasksAreHeld(pool, kHeld, kQueued, 3, [](ThreadPool* p) {
    try {
      p->shutdown();
    } catch (...) {
      threw.fetch_add(1);
    }
  });
  if (outcome.returned_early) {
    ADD_FAILURE() << racelab::kLeak << "of three threads that called shutdown() at once, one "
                  << "returned while tasks were still running (" << threw.load()
                  << " of the calls threw): every call must wait until all tasks have run and "
                     "the workers are joined. The pool's threads are left running.";
    return;
  }
  EXPECT_EQ(threw.load(), 0) << threw.load() << " of three shutdown() calls made at the same time "
                             << "threw: shutdown() may be called from several threads at once "
                                "(joining a thread twice, or a thread already being joined, "
                                "throws std::system_error). Join the workers exactly once.";
  EXPECT_EQ(outcome.ran, kHeld + kQueued)
      << "a shutdown() called from one of three threads returned when only " << outcome.ran
      << " of " << kHeld + kQueued << " tasks had run: each call must wait for all of them.";
  EXPECT_EQ(outcome.not_once, 0) << outcome.not_once << " of " << kHeld + kQueued
                                 << " tasks did not run exactly once.";
  pool->shutdown();
  delete pool;
}

// The destructor of a pool that was never shut down does what shutdown() does.
TEST(ThreadPool, DestructorShutsDown) {
  constexpr int kHeld = 2, kQueued = 20;
  auto* pool = new ThreadPool(2);
  const WaitOutcome outcome =
      CallWhileTasksAreHeld(pool, kHeld, kQueued, 1, [](ThreadPool* p) { delete p; });
  if (outcome.returned_early) {
    ADD_FAILURE() << racelab::kLeak << "the destructor of a pool that was never shut down "
                  << "returned while " << kHeld << " tasks were still running: it must do what "
                  << "shutdown() does, finish every task and join the threads. Its threads are "
                     "left running.";
    return;
  }
  EXPECT_EQ(outcome.ran, kHeld + kQueued)
      << "when the destructor returned, only " << outcome.ran << " of " << kHeld + kQueued
      << " submitted tasks had run: without a shutdown() call, the destructor must still let "
         "the workers drain the queue.";
  EXPECT_EQ(outcome.not_once, 0) << outcome.not_once << " of " << kHeld + kQueued
                                 << " tasks did not run exactly once.";
}

// No thread of the pool is left once shutdown() (or the destructor) has returned.
TEST(ThreadPool, NoThreadOutlivesThePool) {
  for (const bool explicit_shutdown : {true, false}) {
    const std::set<pid_t> before = racelab::ThreadIds();
    {
      ThreadPool pool(4);
      std::vector<std::future<int>> futures;
      for (int i = 0; i < 50; ++i) futures.push_back(pool.submit([i] { return i; }));
      for (std::future<int>& future : futures) Get(future);
      if (explicit_shutdown) {
        pool.shutdown();
        const int left = pool_threads::ThreadsLeft(before);
        EXPECT_EQ(left, 0) << racelab::kLeak << left << " threads of the pool were still there "
                           << "after shutdown() returned: it must join them.";
      }
    }
    const int left = pool_threads::ThreadsLeft(before);
    EXPECT_EQ(left, 0) << racelab::kLeak << left << " threads of the pool were still there after "
                       << "its destructor returned.";
  }
}

// Submits that race a shutdown(): each one either throws std::runtime_error or its task runs
// before shutdown() returns; never neither. Once a thread saw a submit throw, its later ones
// throw too.
TEST(ThreadPool, SubmitsRacingShutdownThrowOrRun) {
  constexpr int kThreads = 4;
  constexpr int kCalls = 200;
  ThreadPool pool(2);
  std::vector<std::vector<std::future<int>>> futures(kThreads);
  for (std::vector<std::future<int>>& row : futures) row.resize(kCalls);
  std::vector<std::vector<int>> outcome(kThreads, std::vector<int>(kCalls, 0));  // 1 ran, 2 threw
  // Atomic: a pool that lets a task run after shutdown() returned must not make the test race.
  std::vector<std::atomic<int>> runs(kThreads * kCalls);
  std::vector<int> wrong_exception(kThreads, 0), accepted_after_throw(kThreads, 0);
  racelab::RunConcurrently(
      {.threads = kThreads, .calls = kCalls, .chaos = true}, [&](int thread, int call) {
        const auto t = static_cast<std::size_t>(thread), c = static_cast<std::size_t>(call);
        if (thread == 0 && call == kCalls / 4) pool.shutdown();
        try {
          futures[t][c] = pool.submit([&slot = runs[t * kCalls + c], call] {
            slot.fetch_add(1, std::memory_order_relaxed);
            return call;
          });
          outcome[t][c] = 1;
          if (c > 0 && outcome[t][c - 1] == 2) ++accepted_after_throw[t];
        } catch (const std::runtime_error&) {
          outcome[t][c] = 2;
        } catch (...) {
          ++wrong_exception[t];
        }
      });
  int lost = 0, ran_anyway = 0, wrong_exceptions = 0, late = 0;
  for (int thread = 0; thread < kThreads; ++thread) {
    const auto t = static_cast<std::size_t>(thread);
    wrong_exceptions += wrong_exception[t];
    late += accepted_after_throw[t];
    for (int call = 0; call < kCalls; ++call) {
      const auto c = static_cast<std::size_t>(call);
      const int ran = runs[t * kCalls + c].load(std::memory_order_relaxed);
      if (outcome[t][c] == 1) lost += !IsReady(futures[t][c]) || ran != 1;
      if (outcome[t][c] == 2) ran_anyway += ran != 0;
    }
  }
  EXPECT_EQ(lost, 0) << lost << " submits that raced shutdown() neither threw nor had their task "
                     << "run by the time shutdown() returned: a submit that is accepted must "
                        "run, so the check and the push must be one step under the lock that "
                        "shutdown() sets its flag under, and the workers must drain the queue.";
  EXPECT_EQ(ran_anyway, 0) << ran_anyway << " submits threw, yet their task ran.";
  EXPECT_EQ(wrong_exceptions, 0) << wrong_exceptions << " submits after shutdown() threw "
                                 << "something else than std::runtime_error.";
  EXPECT_EQ(late, 0) << late << " submits were accepted after an earlier submit on the same "
                     << "thread had thrown: once shutdown() began, every submit must throw.";
}

// Pins the calling thread, and so every thread it starts from now on, to one CPU (the first it
// may use) while the object lives.
class OnOneCpu {
 public:
  OnOneCpu() {
    sched_getaffinity(0, sizeof(before_), &before_);
    cpu_set_t one;
    CPU_ZERO(&one);
    for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
      if (CPU_ISSET(cpu, &before_)) {
        CPU_SET(cpu, &one);
        break;
      }
    }
    sched_setaffinity(0, sizeof(one), &one);
  }
  ~OnOneCpu() { sched_setaffinity(0, sizeof(before_), &before_); }
  OnOneCpu(const OnOneCpu&) = delete;
  OnOneCpu& operator=(const OnOneCpu&) = delete;

 private:
  cpu_set_t before_;
};

// Lost wake-ups. The pool's threads share one CPU with the test, and while `spurious` lives a
// thread that notifies gives up the processor at once (spurious_wakeups.hpp): a worker it woke
// runs first, and finds the state as it is at that moment. A worker asleep in an idle pool must
// still wake for a new task, and for shutdown(); a notify sent before the change it announces
// wakes it too early, and nothing wakes it again.
TEST(ThreadPool, IdleWorkersWakeForTasksAndShutdown) {
  OnOneCpu one_cpu;
  racelab::SpuriousWakeups spurious;
  const std::set<pid_t> before = racelab::ThreadIds();
  ThreadPool pool(3);
  const auto idle = [&] {  // the pool's threads all asleep: it has nothing to do
    pool_threads::WaitUntilAsleep(pool_threads::NewThreads(before), 2);
  };
  idle();
  std::future<int> answer = pool.submit([] { return 42; });
  EXPECT_EQ(Get(answer), 42) << "the task submitted to an idle pool returned another value.";
  idle();
  {
    racelab::WaitNote note("shutdown() of an idle pool to return");
    pool.shutdown();
  }
}

}  // namespace
