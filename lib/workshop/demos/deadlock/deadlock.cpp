// Demo `deadlock`: two transfers that lock the same two accounts in opposite orders.
//
// Transfer() locks the account the money leaves, then the one it goes to. Thread 0 moves money
// from account 0 to account 1 while thread 1 moves money from 1 to 0: each takes its first lock,
// then waits for the lock the other holds, forever.
//
// Two tests of the lab's harness, run by `./lab demo deadlock`:
//   Deadlock.TwoTransfersAtOnce  the deadlock itself, made to happen every run: each thread,
//                                having taken its first lock, is held until the other has taken
//                                its own. The harness's watchdog ends the run after 3 s, saying
//                                which thread holds which account and waits for which.
//   Deadlock.OneAfterTheOther    the same two transfers, one after the other: nothing hangs, and
//                                ThreadSanitizer still sees the two lock orders and reports the
//                                lock-order inversion.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "racelab/run_concurrently.hpp"
#include "racelab/watched_locks.hpp"

// Two accounts, each with a lock of its own.
struct Bank {
  std::vector<std::mutex> locks = std::vector<std::mutex>(2);
  std::vector<long> balances = {100, 100};

  // Moves `amount` from one account to the other, holding both accounts' locks.
  void Transfer(int from, int to, long amount) {
    std::lock_guard first(locks[from]);
    std::lock_guard second(locks[to]);
    balances[from] -= amount;
    balances[to] += amount;
  }
};

namespace {

// One line for the demo to show as it happens (`./lab demo` shows the lines that start with
// "demo: "), written at once: the threads print side by side.
void Say(const std::string& text) {
  const std::string line = "demo: " + text + "\n";
  (void)!write(STDERR_FILENO, line.data(), line.size());
}

TEST(Deadlock, TwoTransfersAtOnce) {
  Bank bank;
  racelab::WatchedLocks watched(bank.locks, "account");  // the watchdog names the accounts
  // The unlucky schedule, on purpose: a thread that has just taken its first lock waits until
  // the other thread has taken its own. Only relaxed atomics: they order nothing.
  std::atomic<int> holding{0};
  watched.OnTaken([&](int account) {
    Say("thread " + std::to_string(account) + " took account " + std::to_string(account));
    holding.fetch_add(1, std::memory_order_relaxed);
    while (holding.load(std::memory_order_relaxed) < 2) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200 * account));  // one line at a time
    Say("thread " + std::to_string(account) + " now takes account " + std::to_string(1 - account) +
        " ...");
  });
  racelab::RunConcurrently({.threads = 2, .calls = 1, .stall_seconds = 3},
                           [&](int thread, int) { bank.Transfer(thread, 1 - thread, 10); });
}

TEST(Deadlock, OneAfterTheOther) {
  Bank bank;
  std::thread([&] { bank.Transfer(0, 1, 10); }).join();
  std::thread([&] { bank.Transfer(1, 0, 10); }).join();
  EXPECT_EQ(bank.balances[0] + bank.balances[1], 200);
}

}  // namespace
