// Tests of exercise 09: a reference-counted Object whose references many threads take and drop.
//
// A Tracker counts every creation and every free, so the tests see a leak (a count that never
// reached zero) and a double free (two threads that both saw zero). ThreadSanitizer sees the
// rest: a count updated without atomics, a free that is not ordered after another holder's last
// write, and a use after free.
#include "object.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <thread>
#include <vector>

#include "racelab/expected.hpp"
#include "racelab/run_concurrently.hpp"
#include "racelab/source_rules.hpp"

namespace {

// One thread alone: the count starts at 1, follows incref() and decref(), and the object is
// freed exactly when it reaches zero.
TEST(Refcount, CountsOnOneThread) {
  Tracker tracker;
  Object* object = Object::create(tracker);
  EXPECT_EQ(object->refcount(), 1) << "a new object starts with one reference, its creator's, "
                                   << "not " << object->refcount() << ".";
  object->incref();
  object->incref();
  EXPECT_EQ(object->refcount(), 3) << "incref() adds one reference: after two, "
                                   << racelab::ExpectedGot(3, object->refcount()) << ".";
  object->decref();
  EXPECT_EQ(object->refcount(), 2)
      << "decref() drops one reference: " << racelab::ExpectedGot(2, object->refcount()) << ".";
  object->decref();
  ASSERT_EQ(tracker.live(), 1) << "the object was freed while a reference was still held: "
                                  "decref() deleted before the count reached zero.";
  object->decref();  // the last reference
  tracker.ExpectAllFreedOnce();
}

// Thread 0 writes payload, drops its reference, then raises a flag; thread 1 waits for the flag
// and drops the last reference, which frees the object. The flag is relaxed: it tells thread 1
// when to go but orders no memory, so only the count can order thread 0's write before the
// delete. A decref without both acquire and release (relaxed, release only, acquire only) is
// reported as a data race between the write and the delete on every run, and so is a decref
// that reads the count again after decrementing it (that read may come after the free).
TEST(Refcount, LastDecrefComesAfterEveryHoldersWrites) {
  constexpr int kObjects = 200;
  Tracker tracker;
  std::vector<Object*> objects;
  for (int i = 0; i < kObjects; ++i) {
    objects.push_back(Object::create(tracker));
    objects.back()->incref();  // one reference for each thread
  }
  std::vector<std::atomic<bool>> dropped(kObjects);
  racelab::RunConcurrently({.threads = 2, .calls = kObjects}, [&](int thread, int i) {
    Object* object = objects[static_cast<std::size_t>(i)];
    std::atomic<bool>& flag = dropped[static_cast<std::size_t>(i)];
    if (thread == 0) {
      object->payload = i;
      object->decref();
      flag.store(true, std::memory_order_relaxed);
    } else {
      while (!flag.load(std::memory_order_relaxed)) std::this_thread::yield();
      object->decref();
    }
  });
  tracker.ExpectAllFreedOnce();
}

// Four threads take and drop references to one object while the test holds its own. Every
// incref is matched by a decref, so the count must end where it started, at 1. The threads yield
// after every atomic load, so a count updated as a load and a separate store loses updates here
// on one core as on many.
TEST(Refcount, ManyThreadsTakeAndDropReferences) {
  Tracker tracker;
  Object* object = Object::create(tracker);  // the test's reference keeps it alive
  racelab::RunConcurrently({.threads = 4, .calls = 2'000, .interleave = true}, [&](int, int) {
    object->incref();
    object->decref();
  });
  ASSERT_EQ(tracker.live(), 1) << "the object was freed while the test still held a reference: "
                                  "an incref was lost, so the count reached zero too early.";
  EXPECT_EQ(object->refcount(), 1) << "after as many decrefs as increfs the count should be back "
                                   << "at 1, not " << object->refcount() << ": "
                                   << std::abs(object->refcount() - 1) << " updates were lost. "
                                   << "A count changed by a load and a separate store loses the "
                                   << "updates other threads make in between.";
  object->decref();
  tracker.ExpectAllFreedOnce();
}

// Objects held by four threads, which all drop their reference at about the same time: exactly
// one of them must free each object. A decref that decides from a load made before or after its
// decrement lets two threads both free an object, or none. The threads yield after every atomic
// load, so other threads run in that gap every time, on one core as on many.
TEST(Refcount, SharedObjectsAreFreedExactlyOnce) {
  constexpr int kThreads = 4;
  constexpr int kObjects = 500;
  constexpr int kRounds = 4;
  Tracker tracker;
  for (int round = 0; round < kRounds && !HasFailure(); ++round) {
    std::vector<Object*> objects;
    for (int i = 0; i < kObjects; ++i) {
      objects.push_back(Object::create(tracker));
      for (int t = 1; t < kThreads; ++t) objects.back()->incref();
    }
    racelab::RunConcurrently({.threads = kThreads, .calls = kObjects, .interleave = true},
                             [&](int, int i) { objects[static_cast<std::size_t>(i)]->decref(); });
    tracker.ExpectAllFreedOnce();
  }
}

// The lesson is an atomic count, as interpreters without a global lock use: no lock of any kind.
TEST(Refcount, UsesNoLock) {
  racelab::ExpectNoneUsed(
      racelab::StudentFile("object.hpp"),
      {"mutex", "Mutex", "shared_mutex", "recursive_mutex", "timed_mutex", "lock_guard",
       "unique_lock", "scoped_lock", "shared_lock", "MutexLock", "SpinLock", "spin_mutex",
       "atomic_flag", "pthread_mutex_t", "pthread_mutex_lock", "pthread_spin_lock",
       "binary_semaphore", "counting_semaphore"},
      "Count references with a std::atomic<long>, without a lock: fetch_add to take one, "
      "fetch_sub to drop one.");
}

// Standalone fences are invisible to ThreadSanitizer: it could not check one, and would report
// races that the fence in fact prevents.
TEST(Refcount, UsesNoStandaloneFence) {
  racelab::ExpectNoneUsed(racelab::StudentFile("object.hpp"),
                          {"atomic_thread_fence", "atomic_signal_fence"},
                          "ThreadSanitizer cannot see a standalone fence, so the tests could not "
                          "verify your ordering. Put it on the operation itself: "
                          "fetch_sub(1, std::memory_order_acq_rel).");
}

}  // namespace
