// Tests of exercise 13: BoundedQueue, which hands items from producer threads to consumer
// threads, with blocking push() and pop().
//
// A wait that ends without what it waited for leaves ThreadSanitizer nothing to report, and by
// chance it happens rarely. So the tests turn spurious wake-ups on (racelab::SpuriousWakeups):
// the first wait of every thread returns at once, without a notify, as the C++ standard allows
// any wait to do. A wait in a `while` loop, or with a predicate, just waits again; a wait under
// an `if` goes on with an empty or a full queue, and the tests see it every run. A lost wake-up
// is made to happen the same way: a thread that notifies hands the processor to the thread it
// woke, and one test holds a woken consumer back while a producer comes to wait
// (racelab::LateWakeup). Whether a call blocks is told without a clock: the test waits until the
// calling thread sleeps in the kernel, or until the call returns (racelab::WaitUntilAsleep).
#include "bounded_queue.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "racelab/asleep.hpp"
#include "racelab/expected.hpp"
#include "racelab/run_concurrently.hpp"
#include "racelab/spurious_wakeups.hpp"
#include "racelab/thread_state.hpp"
#include "racelab/wait_sites.hpp"

namespace {

// size() as a signed number: a count that went below zero shows as -1, not 18446744073709551615.
long SizeOf(const BoundedQueue& queue) { return static_cast<long>(queue.size()); }

// One thread: items come out in the order they went in, try_push() refuses a full queue and
// try_pop() an empty one, without waiting, and size() counts the items.
TEST(BoundedQueue, OneThreadKeepsOrderAndCapacity) {
  BoundedQueue queue(3);
  EXPECT_EQ(SizeOf(queue), 0) << "a new queue must be empty.";
  EXPECT_FALSE(queue.try_pop().has_value()) << "try_pop() on an empty queue returned an item.";
  for (long i = 1; i <= 3; ++i) {
    EXPECT_TRUE(queue.try_push(i)) << "try_push(" << i << ") into a queue of capacity 3 holding "
                                   << i - 1 << " items returned false.";
  }
  EXPECT_EQ(SizeOf(queue), 3) << "after 3 pushes: " << racelab::ExpectedGot(3, SizeOf(queue));
  EXPECT_FALSE(queue.try_push(4)) << "try_push() into a full queue (capacity 3) returned true.";
  EXPECT_EQ(SizeOf(queue), 3) << "a full queue of capacity 3: "
                              << racelab::ExpectedGot(3, SizeOf(queue));
  EXPECT_EQ(queue.pop(), 1) << "pop() must return the oldest item.";
  queue.push(4);  // there is room again: returns at once
  for (const long want : {2L, 3L, 4L}) {
    const std::optional<long> got = queue.try_pop();
    ASSERT_TRUE(got.has_value()) << "try_pop() found no item, yet " << want << " was still in.";
    EXPECT_EQ(*got, want) << "items must come out in the order they went in.";
  }
  EXPECT_EQ(SizeOf(queue), 0) << "after every item came out: "
                              << racelab::ExpectedGot(0, SizeOf(queue));
}

// A consumer calls pop() on an empty queue. It must not return before the test pushes an item,
// even when its wait wakes up without a notify; then it returns that very item.
TEST(BoundedQueue, PopWaitsForAnItem) {
  racelab::SpuriousWakeups spurious;
  BoundedQueue queue(2);
  std::atomic<pid_t> tid{0};
  std::atomic<bool> returned{false};
  long got = 0;
  std::thread consumer([&] {
    tid.store(racelab::CurrentThreadId(), std::memory_order_relaxed);
    racelab::WaitNote note("pop() on an empty queue, until the test pushes an item");
    got = queue.pop();
    returned.store(true, std::memory_order_relaxed);
  });
  while (tid.load(std::memory_order_relaxed) == 0) std::this_thread::yield();
  const racelab::Sleep sleep = racelab::WaitUntilAsleep(tid.load(std::memory_order_relaxed), [&] {
    return returned.load(std::memory_order_relaxed);
  });
  if (sleep == racelab::Sleep::kReturned) {
    consumer.join();
    FAIL() << "pop() returned " << got << " from an empty queue, before anything was pushed "
           << "(size() now says " << SizeOf(queue) << "). Its wait ended without a notify (a "
           << "spurious wake-up, which any wait may have) and pop() took an item anyway. After a "
           << "wait, check again that there is an item, and wait again if there is none.";
  }
  queue.push(42);
  consumer.join();
  EXPECT_EQ(got, 42) << "pop() waited on an empty queue, then returned " << got
                     << " instead of the item pushed meanwhile, 42.";
  EXPECT_EQ(SizeOf(queue), 0) << "after one push and one pop: "
                              << racelab::ExpectedGot(0, SizeOf(queue));
}

// A producer calls push() on a full queue. It must not return before the test pops an item,
// even when its wait wakes up without a notify; then its item goes in behind the others.
TEST(BoundedQueue, PushWaitsForRoom) {
  racelab::SpuriousWakeups spurious;
  BoundedQueue queue(2);
  ASSERT_TRUE(queue.try_push(1));
  ASSERT_TRUE(queue.try_push(2));
  std::atomic<pid_t> tid{0};
  std::atomic<bool> returned{false};
  std::thread producer([&] {
    tid.store(racelab::CurrentThreadId(), std::memory_order_relaxed);
    racelab::WaitNote note("push() on a full queue, until the test pops an item");
    queue.push(3);
    returned.store(true, std::memory_order_relaxed);
  });
  while (tid.load(std::memory_order_relaxed) == 0) std::this_thread::yield();
  const racelab::Sleep sleep = racelab::WaitUntilAsleep(tid.load(std::memory_order_relaxed), [&] {
    return returned.load(std::memory_order_relaxed);
  });
  if (sleep == racelab::Sleep::kReturned) {
    producer.join();
    FAIL() << "push() returned while the queue was full (capacity 2), before anything was "
           << "popped: size() now says " << SizeOf(queue) << ". Its wait ended without a "
           << "notify (a spurious wake-up, which any wait may have) and push() added the item "
           << "anyway. After a wait, check again that there is room, and wait again if there is "
           << "none.";
  }
  const std::optional<long> first = queue.try_pop();
  producer.join();
  EXPECT_EQ(first, std::optional<long>(1)) << "the first item out of a full queue must be 1.";
  for (const long want : {2L, 3L}) {
    EXPECT_EQ(queue.try_pop(), std::optional<long>(want))
        << "items must come out in the order they went in: 1, 2, then the waiting push's 3.";
  }
  EXPECT_EQ(SizeOf(queue), 0) << "after every item came out: "
                              << racelab::ExpectedGot(0, SizeOf(queue));
}

// A consumer sleeps in pop() on an empty queue; then a producer pushes one item. Both share one
// CPU, and a thread that notifies gives the CPU to the thread it woke: a notify sent before the
// item is in wakes the consumer too early, it finds nothing, and sleeps again for good.
TEST(BoundedQueue, PushWakesAWaitingConsumer) {
  racelab::SpuriousWakeups spurious;
  BoundedQueue queue(2);
  std::atomic<pid_t> consumer{0};
  std::atomic<bool> returned{false};
  long got = 0;
  bool too_early = false;  // only the producer (thread 1) touches it
  racelab::RunConcurrently({.threads = 2, .calls = 1, .interleave = true}, [&](int thread, int) {
    if (thread == 0) {
      consumer.store(racelab::CurrentThreadId(), std::memory_order_relaxed);
      racelab::WaitNote note("pop() on an empty queue, while a push() of one item came and went");
      got = queue.pop();
      returned.store(true, std::memory_order_relaxed);
      return;
    }
    pid_t tid = 0;
    while ((tid = consumer.load(std::memory_order_relaxed)) == 0) std::this_thread::yield();
    const auto done = [&] { return returned.load(std::memory_order_relaxed); };
    too_early = racelab::WaitUntilAsleep(tid, done) == racelab::Sleep::kReturned;
    if (!too_early) queue.push(7);
  });
  ASSERT_FALSE(too_early) << "pop() returned " << got << " from an empty queue, before anything "
                          << "was pushed: its wait ended without a notify (a spurious wake-up) "
                          << "and it took an item anyway.";
  EXPECT_EQ(got, 7) << "pop() waited on an empty queue, then returned " << got
                    << " instead of the item pushed meanwhile, 7.";
}

// Two consumers sleep in pop() on an empty queue of capacity 1. The test pushes one item, and
// the consumer that wakes is held back before it looks (racelab::LateWakeup), as if it lost the
// race for the mutex. Meanwhile a producer finds the queue full and sleeps too. Then the held
// consumer goes on, takes the item, and must wake the producer: the slot is free. A notify_one on
// a condition variable that consumers and producers share wakes the other consumer instead,
// which finds nothing and sleeps again, and the producer sleeps for good.
TEST(BoundedQueue, AFreedSlotWakesTheWaitingProducer) {
  racelab::SpuriousWakeups spurious;
  BoundedQueue queue(1);
  std::atomic<int> returned{0};
  long got[2] = {0, 0};
  std::atomic<pid_t> tids[3] = {0, 0, 0};
  const auto returns = [&] { return returned.load(std::memory_order_relaxed); };
  std::vector<std::thread> threads;
  const auto start = [&](int i, auto call) {
    threads.emplace_back([&, i, call] {
      tids[i].store(racelab::CurrentThreadId(), std::memory_order_relaxed);
      call();
      returned.fetch_add(1, std::memory_order_relaxed);
    });
    pid_t tid = 0;
    while ((tid = tids[i].load(std::memory_order_relaxed)) == 0) std::this_thread::yield();
    return tid;
  };
  const auto join = [&] {
    for (std::thread& thread : threads) thread.join();
  };
  for (int c = 0; c < 2; ++c) {
    const int before = returns();
    const pid_t tid = start(c, [&queue, &got, c] {
      racelab::WaitNote note("pop() on a queue of capacity 1, with one item pushed for two pops");
      got[c] = queue.pop();
    });
    if (racelab::WaitUntilAsleep(tid, [&] { return returns() != before; }) ==
        racelab::Sleep::kReturned) {
      queue.push(0);  // let the other consumer, if any, go home
      join();
      FAIL() << "pop() returned from an empty queue, before anything was pushed: its wait ended "
             << "without a notify (a spurious wake-up) and it took an item anyway.";
    }
  }
  {
    racelab::LateWakeup late;
    ASSERT_TRUE(queue.try_push(1)) << "try_push() into an empty queue of capacity 1 failed.";
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    while (!late.Holding() && returns() == 0 && std::chrono::steady_clock::now() < give_up) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    const int before = returns();
    const pid_t producer = start(2, [&queue] {
      racelab::WaitNote note("push() on a queue of capacity 1, while a pop() freed the slot");
      queue.push(2);
    });
    // Held: the queue is full, and the producer sleeps. Not held (a queue without condition
    // variables): the consumer took the item already, and the push goes through.
    racelab::WaitUntilAsleep(producer, [&] { return returns() != before; });
  }  // the held consumer goes on
  join();
  EXPECT_EQ(got[0] + got[1], 3) << "two consumers got " << got[0] << " and " << got[1]
                                << " from pushes of 1 and 2.";
}

// What the threads of a run saw, each in its own slots.
constexpr int kProducers = 3;
constexpr int kStride = 1 << 20;  // item = producer * kStride + its sequence number

struct Census {
  explicit Census(long items) : seen(static_cast<std::size_t>(items)) {}
  std::vector<std::atomic<int>> seen;  // how often each item came out
  // The counters the tests keep: how many pushes and pops began, and how many returned.
  std::atomic<long> pushes_begun{0}, pushes_done{0}, pops_begun{0}, pops_done{0};
  std::atomic<long> most_inside{0};     // the most items the counters prove were in at once
  std::atomic<long> out_of_nowhere{0};  // pops that returned more items than pushes had begun
  std::atomic<long> size_out_of_range{0}, a_bad_size{0};
  std::atomic<long> out_of_order{0}, order_before{0}, order_after{0};

  void Max(std::atomic<long>& most, long value) {
    long now = most.load(std::memory_order_relaxed);
    while (value > now && !most.compare_exchange_weak(now, value, std::memory_order_relaxed)) {
    }
  }
  // Pushes `item`; false if try_push() found no room.
  bool Push(BoundedQueue& queue, long item, bool blocking, long capacity) {
    pushes_begun.fetch_add(1, std::memory_order_relaxed);
    if (blocking) {
      queue.push(item);
    } else if (!queue.try_push(item)) {
      pushes_begun.fetch_sub(1, std::memory_order_relaxed);
      return false;
    }
    // At least this many items were in the queue at once: every push that returned had put its
    // item in, and at most the pops that had begun had taken one out.
    const long done = pushes_done.fetch_add(1, std::memory_order_relaxed) + 1;
    Max(most_inside, done - pops_begun.load(std::memory_order_relaxed));
    CheckSize(queue, capacity);
    return true;
  }
  // Pops an item; false if try_pop() found none. `last[p]`: the last sequence number of producer p
  // this consumer got.
  bool Pop(BoundedQueue& queue, bool blocking, long capacity, std::vector<long>& last) {
    pops_begun.fetch_add(1, std::memory_order_relaxed);
    long item = 0;
    if (blocking) {
      item = queue.pop();
    } else if (const std::optional<long> got = queue.try_pop()) {
      item = *got;
    } else {
      pops_begun.fetch_sub(1, std::memory_order_relaxed);
      return false;
    }
    const long done = pops_done.fetch_add(1, std::memory_order_relaxed) + 1;
    if (done > pushes_begun.load(std::memory_order_relaxed)) {
      out_of_nowhere.fetch_add(1, std::memory_order_relaxed);
    }
    const long producer = item / kStride, sequence = item % kStride;
    if (item < 0 || producer >= kProducers ||
        static_cast<std::size_t>(producer * per_producer + sequence) >= seen.size()) {
      out_of_nowhere.fetch_add(1, std::memory_order_relaxed);
    } else {
      seen[static_cast<std::size_t>(producer * per_producer + sequence)].fetch_add(
          1, std::memory_order_relaxed);
      if (sequence <= last[static_cast<std::size_t>(producer)] &&
          out_of_order.fetch_add(1, std::memory_order_relaxed) == 0) {
        order_before.store(last[static_cast<std::size_t>(producer)], std::memory_order_relaxed);
        order_after.store(sequence, std::memory_order_relaxed);
      }
      last[static_cast<std::size_t>(producer)] = sequence;
    }
    CheckSize(queue, capacity);
    return true;
  }
  void CheckSize(const BoundedQueue& queue, long capacity) {
    const long size = SizeOf(queue);
    if ((size < 0 || size > capacity) &&
        size_out_of_range.fetch_add(1, std::memory_order_relaxed) == 0) {
      a_bad_size.store(size, std::memory_order_relaxed);
    }
  }

  long per_producer = 0;
};

// The checks after a run in which every producer pushed `per_producer` items.
void ExpectAllDelivered(const Census& census, long capacity, const std::string& run) {
  EXPECT_LE(census.most_inside.load(), capacity)
      << run << ": the queue of capacity " << capacity << " held at least "
      << census.most_inside.load() << " items at once (the tests count the pushes that returned "
      << "and the pops that began). A push() went on although the queue was full.";
  EXPECT_EQ(census.out_of_nowhere.load(), 0)
      << run << ": " << census.out_of_nowhere.load() << " pops returned an item that no push "
      << "had put in (more pops returned than pushes had begun, or an item never pushed): a "
      << "pop() went on although the queue was empty.";
  EXPECT_EQ(census.size_out_of_range.load(), 0)
      << run << ": size() returned " << census.a_bad_size.load() << ", outside [0, " << capacity
      << "] (" << census.size_out_of_range.load() << " times in all).";
  EXPECT_EQ(census.out_of_order.load(), 0)
      << run << ": a consumer got item " << census.order_after.load() << " of a producer after "
      << "its item " << census.order_before.load() << ": items of one producer must come out in "
      << "the order they went in (" << census.out_of_order.load() << " times in all).";
  long lost = 0, twice = 0;
  for (const std::atomic<int>& n : census.seen) {
    lost += n.load() == 0;
    twice += n.load() > 1;
  }
  EXPECT_EQ(lost, 0) << run << ": " << lost << " of " << census.seen.size()
                     << " items pushed never came out.";
  EXPECT_EQ(twice, 0) << run << ": " << twice << " items came out more than once.";
}

// Three producers push 600 items each while three consumers pop as many, through a queue of
// capacity 2, and a seventh thread reads size() all along. Everyone waits often: the queue is
// full or empty most of the time. All threads share one CPU and give it up after every unlock,
// so producers and consumers take turns at every step, on one core as on many; and every
// thread's first wait wakes up without a notify.
TEST(BoundedQueue, ManyProducersAndConsumers) {
  constexpr long kCapacity = 2;
  constexpr int kItems = 600;  // per producer, and per consumer
  racelab::SpuriousWakeups spurious;
  BoundedQueue queue(kCapacity);
  Census census(long{kProducers} * kItems);
  census.per_producer = kItems;
  std::vector<std::vector<long>> last(kProducers, std::vector<long>(kProducers, -1));
  racelab::RunConcurrently({.threads = 2 * kProducers + 1, .calls = kItems, .interleave = true},
                           [&](int thread, int call) {
                             if (thread < kProducers) {
                               census.Push(queue, long{thread} * kStride + call, /*blocking=*/true,
                                           kCapacity);
                             } else if (thread < 2 * kProducers) {
                               census.Pop(queue, /*blocking=*/true, kCapacity,
                                          last[static_cast<std::size_t>(thread - kProducers)]);
                             } else {
                               census.CheckSize(queue, kCapacity);
                             }
                           });
  ExpectAllDelivered(census, kCapacity, "3 producers, 3 consumers");
  EXPECT_EQ(SizeOf(queue), 0) << "after as many pops as pushes: "
                              << racelab::ExpectedGot(0, SizeOf(queue));
}

// The same with try_push() and try_pop(), which never wait: a producer tries until its item is
// in, a consumer until it got one. A try_ call that waited would leave the last ones stuck.
TEST(BoundedQueue, TryPushAndTryPopNeverWait) {
  constexpr long kCapacity = 2;
  constexpr int kItems = 300;
  BoundedQueue queue(kCapacity);
  Census census(long{kProducers} * kItems);
  census.per_producer = kItems;
  std::vector<std::vector<long>> last(kProducers, std::vector<long>(kProducers, -1));
  racelab::RunConcurrently(
      {.threads = 2 * kProducers, .calls = kItems, .interleave = true}, [&](int thread, int call) {
        if (thread < kProducers) {
          while (
              !census.Push(queue, long{thread} * kStride + call, /*blocking=*/false, kCapacity)) {
            std::this_thread::yield();
          }
        } else {
          auto& mine = last[static_cast<std::size_t>(thread - kProducers)];
          while (!census.Pop(queue, /*blocking=*/false, kCapacity, mine)) {
            std::this_thread::yield();
          }
        }
      });
  ExpectAllDelivered(census, kCapacity, "try_push() and try_pop()");
}

}  // namespace
