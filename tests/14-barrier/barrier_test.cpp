// Tests of exercise 14: Barrier, which threads meet at phase after phase.
//
// The tests keep their own record of the phases (phase_log.hpp): each thread notes when it
// arrives at the barrier and, coming back, checks that all the others arrived too. The log also
// makes the threads arrive one after the other, each once the one before is asleep in the
// barrier, so that a barrier that lets a thread through early shows it every run. A barrier
// that never lets the threads go is ended as a `deadlock` within seconds by the watchdog.
#include "barrier.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cstddef>
#include <string>
#include <vector>

#include "phase_log.hpp"
#include "racelab/run_concurrently.hpp"
#include "racelab/spurious_wakeups.hpp"
#include "racelab/wait_sites.hpp"

namespace {

using phase_log::PhaseLog;

// What the watchdog says a thread inside arrive_and_wait() waits for.
constexpr char kWaitsForTheOthers[] = "the other threads to arrive (inside arrive_and_wait())";

// Calls arrive_and_wait() for phase k of thread t, with the log's turn and check around it.
void Meet(Barrier& barrier, PhaseLog& log, int t, int k) {
  log.Arrive(t, k);
  {
    racelab::WaitNote note(kWaitsForTheOthers);
    barrier.arrive_and_wait();
  }
  log.Leave(t, k);
}

// The check every test of the order makes, with what its threads did in `what`.
void ExpectNobodyRanAhead(const PhaseLog& log, const std::string& what, const std::string& why) {
  EXPECT_EQ(log.TimesRanAhead(), 0)
      << what << ": " << log.FirstRanAhead() << " (" << log.TimesRanAhead()
      << " early returns in all). arrive_and_wait() must hold every thread until all parties "
      << "have arrived at the same phase, every time the barrier is used, not only the first. "
      << why;
}

// `parties` threads meet at one Barrier `phases` times.
void RunPhases(int parties, int phases, bool interleave, const std::string& why) {
  Barrier barrier(parties);
  PhaseLog log(parties);
  racelab::RunConcurrently({.threads = parties, .calls = phases, .interleave = interleave},
                           [&](int t, int i) { Meet(barrier, log, t, i + 1); });
  ExpectNobodyRanAhead(
      log, std::to_string(parties) + " threads, " + std::to_string(phases) + " phases", why);
}

constexpr char kReuse[] =
    "Arrivals counted over all phases are already enough at the second use: count each phase "
    "from zero, and tell the phases apart (a generation number), since the count alone is reset "
    "before the waiting threads look at it again.";

// The first use alone: four threads meet once.
TEST(Barrier, FirstUseHoldsEveryone) { RunPhases(4, 1, /*interleave=*/false, kReuse); }

// The lesson: four threads meet 50 times, each phase's first thread being the last of the phase
// before.
TEST(Barrier, ReusablePhaseAfterPhase) { RunPhases(4, 50, /*interleave=*/false, kReuse); }

// Other numbers of parties.
TEST(Barrier, TwoAndEightParties) {
  RunPhases(2, 100, /*interleave=*/false, kReuse);
  RunPhases(8, 20, /*interleave=*/false, kReuse);
}

// One party: arrive_and_wait() never waits.
TEST(Barrier, OnePartyNeverWaits) {
  Barrier barrier(1);
  PhaseLog log(1);
  racelab::RunConcurrently({.threads = 1, .calls = 1'000},
                           [&](int t, int i) { Meet(barrier, log, t, i + 1); });
  ExpectNobodyRanAhead(log, "1 thread, 1000 phases", kReuse);
}

// Three threads, all on one CPU, each giving it up after every unlock and every atomic load in
// the barrier: whatever can happen between two steps of arrive_and_wait() happens.
TEST(Barrier, ReusableWithForcedInterleaving) {
  RunPhases(3, 30, /*interleave=*/true,
            "Here every thread gave up the processor after each unlock and each atomic load: a "
            "barrier must hold however its threads are scheduled.");
}

// Each thread's first wait on a condition variable returns without a notify, as POSIX and C++
// allow, and every notify hands the processor to the threads it woke (all on one CPU).
TEST(Barrier, SurvivesSpuriousWakeupsAndEarlyNotifies) {
  racelab::SpuriousWakeups spurious;
  RunPhases(4, 20, /*interleave=*/true,
            "Here the first wait of each thread on a condition variable returned without any "
            "notify (a spurious wake-up, which POSIX and C++ allow): after a wait returns, check "
            "again whether the phase is over, in a loop (or with the wait that takes a "
            "predicate).");
}

// Two barriers in use at once, by two groups of threads: each counts only its own parties.
TEST(Barrier, TwoBarriersAreIndependent) {
  Barrier pair(2);
  Barrier trio(3);
  PhaseLog pair_log(2);
  PhaseLog trio_log(3);
  racelab::RunConcurrently({.threads = 5, .calls = 30}, [&](int t, int i) {
    if (t < 2) {
      Meet(pair, pair_log, t, i + 1);
    } else {
      Meet(trio, trio_log, t - 2, i + 1);
    }
  });
  const std::string why =
      "Each Barrier must count its own arrivals: nothing may be shared between two Barrier "
      "objects (no `static` member or variable).";
  ExpectNobodyRanAhead(pair_log, "a Barrier(2) used by 2 threads beside a Barrier(3)", why);
  ExpectNobodyRanAhead(trio_log, "a Barrier(3) used by 3 threads beside a Barrier(2)", why);
}

// What a thread wrote before the barrier, every other thread can read after it: the barrier
// orders the phases' memory too. Each thread writes its result of phase k into a plain variable
// (of two, taking turns, so that phase k+1's write never meets phase k's reads) and, after the
// barrier, reads everyone's. ThreadSanitizer reports the reads if the barrier does not order
// them after the writes (a barrier of relaxed atomics, for example).
TEST(Barrier, PhaseResultsAreVisibleAfterTheBarrier) {
  if (phase_log::ran_ahead_seen.load(std::memory_order_relaxed)) {
    ADD_FAILURE() << "not checked: threads already ran ahead of the barrier in the tests above, "
                     "so the results of a phase could be read while they are being written.";
    return;
  }
  constexpr int kParties = 4;
  constexpr int kPhases = 40;
  Barrier barrier(kParties);
  PhaseLog log(kParties);
  long results[2][kParties] = {};
  std::vector<int> wrong(kParties, 0);
  racelab::RunConcurrently({.threads = kParties, .calls = kPhases}, [&](int t, int i) {
    const int k = i + 1;
    results[k % 2][t] = 1'000L * k + t;
    Meet(barrier, log, t, k);
    for (int u = 0; u < kParties; ++u) {
      if (results[k % 2][u] != 1'000L * k + u) ++wrong[static_cast<std::size_t>(t)];
    }
  });
  int wrong_total = 0;
  for (const int n : wrong) wrong_total += n;
  ExpectNobodyRanAhead(log, "4 threads, 40 phases, exchanging results", kReuse);
  EXPECT_EQ(wrong_total, 0) << wrong_total << " reads after the barrier did not find what the "
                            << "other threads wrote before it in the same phase.";
}

}  // namespace
