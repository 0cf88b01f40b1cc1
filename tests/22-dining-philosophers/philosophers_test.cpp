// Tests of exercise 22: philosophers round a table take two forks each, eat, and put them back.
//
// A deadlock of the philosophers needs an unlucky moment: everyone holding one fork at once. The
// tests make that moment happen every run instead of waiting for it: in their first meal, each
// philosopher is held right after the first fork it takes, until every philosopher has one, or
// cannot get one (it sleeps, waiting for a fork or an arbiter, as at a correct table someone
// must). Then they all go on. At a table that can deadlock, each now waits for the next one's
// fork, and the verdict names the fork each philosopher holds and the one it waits for.
//
// ThreadSanitizer's lock-order detector is off here: it knows nothing of arbiters, so it reports
// every correct one (a waiter held while taking both forks looks like forks taken in opposite
// orders). Data races are still reported.
#include "philosophers.hpp"

#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "racelab/expected.hpp"
#include "racelab/run_concurrently.hpp"
#include "racelab/thread_state.hpp"
#include "racelab/watched_locks.hpp"

namespace {

// A table of `seats` philosophers and what the tests saw of their meals.
struct Table {
  explicit Table(std::size_t seats) : forks(seats), users(seats), meals(seats, 0) {}

  // What philosopher `seat` does in eat(): checks that it holds both its forks and that nobody
  // else eats with one of them, counts the meal, and lets the others run for a moment.
  void Eat(std::size_t seat) {
    const std::array<std::size_t, 2> mine = {seat, (seat + 1) % forks.size()};
    for (const std::size_t fork : mine) {
      // The fork must be locked: by this philosopher, if it holds it as it should.
      if (forks[fork].try_lock()) {
        forks[fork].unlock();
        free_fork.fetch_add(1, std::memory_order_relaxed);
      }
      if (users[fork].fetch_add(1, std::memory_order_relaxed) != 0) {
        shared_fork.fetch_add(1, std::memory_order_relaxed);
      }
    }
    ++meals[seat];  // only this philosopher's thread counts its meals
    std::this_thread::yield();
    for (const std::size_t fork : mine) users[fork].fetch_sub(1, std::memory_order_relaxed);
  }

  std::vector<std::mutex> forks;
  std::vector<std::atomic<int>> users;  // philosophers eating with each fork right now
  std::vector<long> meals;              // per seat
  std::atomic<long> free_fork{0};       // eat() calls with a fork that nobody held
  std::atomic<long> shared_fork{0};     // eat() calls with a fork another one was eating with
};

// The checks every table ends with: each seat ate once per call of dine_once, always with both
// its forks in hand.
void ExpectEveryoneAte(const Table& table, long calls) {
  for (std::size_t seat = 0; seat < table.meals.size(); ++seat) {
    EXPECT_EQ(table.meals[seat], calls)
        << "philosopher " << seat << " at a table of " << table.meals.size() << " ate "
        << table.meals[seat] << " times in " << calls << " calls of dine_once ("
        << racelab::ExpectedGot(calls, table.meals[seat])
        << "). Each call must eat exactly once: a philosopher who finds a fork taken waits for "
           "it (or for its turn), it does not leave hungry.";
  }
  EXPECT_EQ(table.free_fork.load(), 0)
      << table.free_fork.load() << " times eat() was called while one of the philosopher's two "
      << "forks lay free on the table: eat() must run while holding both forks.";
  EXPECT_EQ(table.shared_fork.load(), 0)
      << table.shared_fork.load() << " times two neighbours ate at the same time with the fork "
      << "between them: eat() must run while holding both forks.";
}

// Holds each philosopher right after the first fork it takes in its first meal, until every
// philosopher holds one or cannot take one. Every wait here is on relaxed atomics and sleeps:
// the hold orders no memory between the philosophers, so it hides no race.
class FirstForkHold {
 public:
  explicit FirstForkHold(std::size_t seats) : tids_(seats), stage_(seats) {}

  // Called by philosopher `seat`'s thread right before its first dine_once.
  void Sit(std::size_t seat) {
    my_seat = static_cast<int>(seat);
    tids_[seat].store(racelab::CurrentThreadId(), std::memory_order_relaxed);
    stage_[seat].store(kSitting, std::memory_order_relaxed);
  }

  // Called by philosopher `seat`'s thread right after its first dine_once.
  void Ate(std::size_t seat) {
    stage_[seat].store(kAte, std::memory_order_relaxed);
    my_seat = -1;
  }

  // Called (through WatchedLocks) in the thread that just took a fork.
  void Taken() {
    if (my_seat < 0) return;
    const auto seat = static_cast<std::size_t>(my_seat);
    if (stage_[seat].load(std::memory_order_relaxed) != kSitting) return;
    stage_[seat].store(kHolding, std::memory_order_relaxed);
    using Clock = std::chrono::steady_clock;
    const auto start = Clock::now();
    // Since when each philosopher has been asleep without a fork, as seen from here.
    std::vector<Clock::time_point> asleep_since(stage_.size(), Clock::time_point::max());
    while (!open_.load(std::memory_order_relaxed)) {
      bool everyone_ready = true;
      const auto now = Clock::now();
      for (std::size_t other = 0; other < stage_.size(); ++other) {
        const int stage = stage_[other].load(std::memory_order_relaxed);
        if (stage == kHolding || stage == kAte) continue;
        const bool asleep =
            stage == kSitting && racelab::StateOf(tids_[other].load(std::memory_order_relaxed)) ==
                                     racelab::ThreadState::kBlocked;
        if (!asleep) {
          asleep_since[other] = Clock::time_point::max();
          everyone_ready = false;
        } else if (asleep_since[other] == Clock::time_point::max()) {
          asleep_since[other] = now;
          everyone_ready = false;
        } else if (now - asleep_since[other] < kAsleepFor) {
          everyone_ready = false;
        }
      }
      // A philosopher that neither takes a fork nor sleeps spins, waiting for an arbiter of the
      // student's own: let it go on after a while, rather than make a deadlock of it.
      if (everyone_ready || now - start > kAtMost) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    open_.store(true, std::memory_order_relaxed);
  }

 private:
  static constexpr int kAway = 0, kSitting = 1, kHolding = 2, kAte = 3;
  static constexpr auto kAsleepFor = std::chrono::milliseconds(50);
  static constexpr auto kAtMost = std::chrono::seconds(2);
  static thread_local int my_seat;
  std::vector<std::atomic<pid_t>> tids_;
  std::vector<std::atomic<int>> stage_;
  std::atomic<bool> open_{false};
};
thread_local int FirstForkHold::my_seat = -1;

// Runs one thread per seat, each calling dine_once `calls` times for its seat. With
// `hold_first_forks`, every philosopher is held after the first fork of its first meal (see
// FirstForkHold).
void Dine(Table& table, int calls, bool hold_first_forks) {
  const std::size_t seats = table.forks.size();
  racelab::WatchedLocks watched(table.forks, "fork");  // names the forks if they deadlock
  FirstForkHold hold(seats);
  if (hold_first_forks) watched.OnTaken([&](int) { hold.Taken(); });
  racelab::RunConcurrently({.threads = static_cast<int>(seats), .calls = calls},
                           [&](int thread, int call) {
                             const auto seat = static_cast<std::size_t>(thread);
                             const bool first_meal = hold_first_forks && call == 0;
                             if (first_meal) hold.Sit(seat);
                             dine_once(seat, table.forks, [&] { table.Eat(seat); });
                             if (first_meal) hold.Ate(seat);
                           });
}

// One thread calls dine_once for each seat in turn: it eats once, with both forks in hand, and
// puts both back.
TEST(DiningPhilosophers, EachCallEatsOnceAndPutsTheForksBack) {
  for (const std::size_t seats : {2, 5}) {
    for (std::size_t seat = 0; seat < seats; ++seat) {
      Table table(seats);
      dine_once(seat, table.forks, [&] { table.Eat(seat); });
      for (std::size_t other = 0; other < seats; ++other) {
        EXPECT_EQ(table.meals[other], other == seat ? 1 : 0)
            << "dine_once(" << seat << ", ...) at a table of " << seats << " made philosopher "
            << other << " eat " << table.meals[other] << " times: it must call eat() exactly "
            << "once, for its own seat.";
      }
      EXPECT_EQ(table.free_fork.load(), 0)
          << "dine_once(" << seat << ", ...) at a table of " << seats << " called eat() while "
          << "fork " << seat << " or fork " << (seat + 1) % seats << " lay free on the table: "
          << "eat() must run while holding both.";
      for (std::size_t fork = 0; fork < seats; ++fork) {
        if (table.forks[fork].try_lock()) {
          table.forks[fork].unlock();
          continue;
        }
        ADD_FAILURE() << "dine_once(" << seat << ", ...) at a table of " << seats
                      << " returned still holding fork " << fork
                      << ": every fork taken must be put back (unlocked) before it returns.";
        table.forks[fork].unlock();  // held by this very thread: the only one here
      }
    }
  }
}

// Five philosophers, and in their first meal each one is held after its first fork until all
// hold one (or cannot take one). Left then right, they now wait for each other in a circle.
TEST(DiningPhilosophers, NoDeadlockWhenEveryoneHoldsAForkAtOnce) {
  constexpr int kCalls = 20;
  Table table(5);
  Dine(table, kCalls, /*hold_first_forks=*/true);
  ExpectEveryoneAte(table, kCalls);
}

// Tables of 2, 3 and 5: every philosopher eats at every call, with both forks in hand. Each
// philosopher gives up the processor while it eats, so its neighbours reach for forks in use,
// on one core as on many.
TEST(DiningPhilosophers, EveryoneEatsAtEveryCall) {
  constexpr int kCalls = 300;
  for (const std::size_t seats : {2, 3, 5}) {
    Table table(seats);
    Dine(table, kCalls, /*hold_first_forks=*/false);
    ExpectEveryoneAte(table, kCalls);
  }
}

}  // namespace
