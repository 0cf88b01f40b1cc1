// Tests of exercise 05: a Bank whose transfers run on many threads at once.
//
// ThreadSanitizer reports a balance read or written without a lock (data race), and two locks
// that one thread takes in the order a, b and another in the order b, a (lock-order inversion),
// even on a run where the threads happen not to deadlock. What it cannot see is a check and an
// act that are each locked but not together: no access races, yet money is paid out twice. The
// tests catch that from the balances, repeating rounds until it shows or enough rounds came out
// right.
#include "bank.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <numeric>
#include <vector>

#include "racelab/expected.hpp"
#include "racelab/run_concurrently.hpp"

namespace {

// A number in [0, n) that depends only on its arguments: random-looking transfers without a
// random generator shared between threads.
std::size_t Pick(int thread, int call, int salt, std::size_t n) {
  std::uint64_t x = (static_cast<std::uint64_t>(thread) << 40) ^
                    (static_cast<std::uint64_t>(call) << 8) ^ static_cast<std::uint64_t>(salt);
  x *= 0x9E3779B97F4A7C15ULL;
  return static_cast<std::size_t>((x ^ (x >> 29)) % n);
}

// One thread alone: a transfer moves the money, and one that would overdraw is refused and
// changes nothing.
TEST(BankTransfer, TransfersOnOneThread) {
  Bank bank({100, 50, 0});
  EXPECT_TRUE(bank.transfer(0, 1, 30)) << "account 0 holds 100: a transfer of 30 must succeed.";
  EXPECT_EQ(bank.balance(0), 70) << "after 30 went from account 0 to 1, balance(0): "
                                 << racelab::ExpectedGot(70, bank.balance(0)) << ".";
  EXPECT_EQ(bank.balance(1), 80) << "after 30 went from account 0 to 1, balance(1): "
                                 << racelab::ExpectedGot(80, bank.balance(1)) << ".";
  EXPECT_TRUE(bank.transfer(1, 2, 80)) << "a transfer of the whole balance is allowed.";
  EXPECT_EQ(bank.balance(1), 0) << "after 80 went from account 1 to 2, balance(1): "
                                << racelab::ExpectedGot(0, bank.balance(1)) << ".";
  EXPECT_EQ(bank.balance(2), 80) << "after 80 went from account 1 to 2, balance(2): "
                                 << racelab::ExpectedGot(80, bank.balance(2)) << ".";
  EXPECT_FALSE(bank.transfer(0, 2, 71)) << "account 0 holds 70: a transfer of 71 would overdraw "
                                           "it and must return false.";
  EXPECT_EQ(bank.balance(0), 70) << "a refused transfer must change nothing: balance(0) "
                                 << racelab::ExpectedGot(70, bank.balance(0)) << ".";
  EXPECT_EQ(bank.balance(2), 80) << "a refused transfer must change nothing: balance(2) "
                                 << racelab::ExpectedGot(80, bank.balance(2)) << ".";
  EXPECT_EQ(bank.total(), 150) << "transfers move money, they never make or lose any: total() "
                               << racelab::ExpectedGot(150, bank.total()) << ".";
}

// Transfers in both directions between accounts 0 and 1: first a few on one thread, then many
// on two threads at once, thread 0 from 0 to 1 and thread 1 from 1 to 0. With one lock per
// account, a transfer that locks `from` and then `to` takes the two locks in opposite orders for
// opposite transfers, and two threads can each end up holding one and waiting forever for the
// other. ThreadSanitizer reports the inverted order as soon as it has seen both orders, even on
// one thread, so the verdict does not depend on whether a deadlock happens to strike.
TEST(BankTransfer, OppositeTransfersDoNotDeadlock) {
  constexpr long kStart = 1'000'000;  // enough that every transfer succeeds
  Bank bank({kStart, kStart});
  ASSERT_TRUE(bank.transfer(0, 1, 1))
      << "a transfer of 1 from an account holding " << kStart << " must succeed.";
  ASSERT_TRUE(bank.transfer(1, 0, 1))
      << "a transfer of 1 from an account holding " << kStart << " must succeed.";
  racelab::RunConcurrently({.threads = 2, .calls = 2'000}, [&](int thread, int) {
    if (thread == 0) {
      bank.transfer(0, 1, 1);
    } else {
      bank.transfer(1, 0, 1);
    }
  });
  EXPECT_EQ(bank.balance(0), kStart)
      << "as much money went each way, so account 0 should hold what it started with: "
      << racelab::ExpectedGot(kStart, bank.balance(0)) << ". Some transfers were lost or doubled.";
  EXPECT_EQ(bank.balance(1), kStart)
      << "as much money went each way, so account 1 should hold what it started with: "
      << racelab::ExpectedGot(kStart, bank.balance(1)) << ". Some transfers were lost or doubled.";
}

// A transfer from an account to itself moves nothing; it succeeds if the balance covers the
// amount. Threads 1-3 make such transfers on accounts 0-2 while thread 0 moves money between
// them: per-account locks that lock the same account twice hang here.
TEST(BankTransfer, TransfersToTheSameAccountMoveNothing) {
  Bank bank({10, 10, 10});
  EXPECT_TRUE(bank.transfer(1, 1, 10)) << "account 1 holds 10: a transfer of 10 to itself is "
                                          "covered and must return true.";
  EXPECT_FALSE(bank.transfer(1, 1, 11)) << "account 1 holds 10: a transfer of 11 to itself is "
                                           "not covered and must return false.";
  EXPECT_EQ(bank.balance(1), 10) << "a transfer to the same account must change nothing: "
                                 << racelab::ExpectedGot(10, bank.balance(1)) << ".";
  racelab::RunConcurrently({.threads = 4, .calls = 1'000}, [&](int thread, int call) {
    const auto account = static_cast<std::size_t>(call % 3);
    if (thread == 0) {
      bank.transfer(account, (account + 1) % 3, 1);
    } else {
      bank.transfer(account, account, 1);
    }
  });
  EXPECT_EQ(bank.total(), 30) << "money was created or destroyed: total() "
                              << racelab::ExpectedGot(30, bank.total())
                              << ". Two transfers changed one balance at once.";
}

// Threads 1-3 make random transfers among four accounts that hold little money, so many
// transfers are refused. Meanwhile thread 0 keeps reading total() and every balance(): the total
// must never change, and no balance may ever be negative. Every thread yields after each unlock
// and atomic load, so a total() that locks one account at a time is seen halfway through a
// transfer on one core as on many.
TEST(BankTransfer, TotalStaysConstantWhileTransfersRun) {
  constexpr std::size_t kAccounts = 4;
  constexpr long kStart = 10;
  constexpr long kTotal = kAccounts * kStart;
  Bank bank(std::vector<long>(kAccounts, kStart));
  std::atomic<int> wrong_totals{0};
  std::atomic<long> a_wrong_total{kTotal};
  std::atomic<int> negative_balances{0};
  racelab::RunConcurrently(
      {.threads = 4, .calls = 2'000, .interleave = true}, [&](int thread, int call) {
        if (thread == 0) {
          if (const long total = bank.total(); total != kTotal) {
            wrong_totals.fetch_add(1, std::memory_order_relaxed);
            a_wrong_total.store(total, std::memory_order_relaxed);
          }
          for (std::size_t account = 0; account < kAccounts; ++account) {
            if (bank.balance(account) < 0)
              negative_balances.fetch_add(1, std::memory_order_relaxed);
          }
          return;
        }
        const std::size_t from = Pick(thread, call, 1, kAccounts);
        const std::size_t to = (from + 1 + Pick(thread, call, 2, kAccounts - 1)) % kAccounts;
        bank.transfer(from, to, 1 + static_cast<long>(Pick(thread, call, 3, kStart)));
      });
  EXPECT_EQ(wrong_totals.load(), 0)
      << wrong_totals.load() << " times total() was not " << kTotal << " (once it was "
      << a_wrong_total.load() << ") while transfers ran: it added up the accounts in the middle "
      << "of a transfer, after the money left one account and before it reached the other. "
      << "total() must read all accounts while no transfer can run.";
  EXPECT_EQ(negative_balances.load(), 0)
      << negative_balances.load() << " times a balance was seen below zero: a transfer checked "
      << "the balance, then another thread took the money before the withdrawal.";
  EXPECT_EQ(bank.total(), kTotal) << "money was created or destroyed: total() "
                                  << racelab::ExpectedGot(kTotal, bank.total())
                                  << ". Two transfers changed one balance at once.";
}

// Four threads drain accounts 0-11 at once, 1 at a time, each into an account of its own: a
// thread keeps transferring from the same account until a transfer is refused, then moves on to
// the next. So the threads take the last coins of every account at about the same time, and
// exactly as much as the accounts held must be paid out. A balance checked under a lock and
// withdrawn under a second, separate lock lets two threads both pass the check for the same
// last coin. Every thread yields after each unlock and atomic load, so another thread runs
// between such a check and its withdrawal, on one core as on many.
TEST(BankTransfer, DrainingAccountsPaysOutExactlyWhatTheyHeld) {
  constexpr int kThreads = 4;
  constexpr std::size_t kSources = 12;
  constexpr long kCoins = 20;  // in each source account
  constexpr int kRounds = 3;
  for (int round = 0; round < kRounds && !HasFailure(); ++round) {
    std::vector<long> start(kSources + kThreads, 0);
    std::fill_n(start.begin(), kSources, kCoins);
    Bank bank(start);
    std::vector<std::size_t> source(kThreads, 0);  // the account thread t drains now
    std::vector<long> paid(kThreads, 0);           // thread t touches only its own slots
    racelab::RunConcurrently({.threads = kThreads,
                              .calls = static_cast<int>(kSources * (kCoins + 1)),
                              .interleave = true},
                             [&](int thread, int) {
                               const auto t = static_cast<std::size_t>(thread);
                               if (source[t] == kSources) return;  // all drained
                               if (bank.transfer(source[t], kSources + t, 1)) {
                                 ++paid[t];
                               } else {
                                 ++source[t];
                               }
                             });
    const long overdrawn = std::accumulate(paid.begin(), paid.end(), 0L) - kSources * kCoins;
    EXPECT_EQ(overdrawn, 0)
        << "round " << round + 1 << ": " << overdrawn << " transfers of 1 succeeded that "
        << "should have been refused: they overdrew an account. Two threads both saw the last "
        << "coin, both passed the check, and both withdrew it: the check and the withdrawal "
        << "must be one critical section.";
    for (std::size_t account = 0; account < kSources; ++account) {
      EXPECT_EQ(bank.balance(account), 0)
          << "round " << round + 1 << ": account " << account << " should have been drained "
          << "to exactly 0, but holds " << bank.balance(account)
          << ". A negative balance means two threads withdrew the same coin.";
    }
  }
}

}  // namespace
