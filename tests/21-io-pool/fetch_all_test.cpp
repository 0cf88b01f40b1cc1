// Tests of exercise 21: fetch_all, which overlaps the waits of blocking calls on `workers`
// threads and returns the results in order.
//
// The tests' fetch is a gate (fetch_gate.hpp): every call blocks until the test releases it.
// The first calls are released only once min(workers, n) of them wait at once, which proves that
// the waits overlap without looking at a clock: a fetch_all that calls fetch one call at a time
// ends as a `deadlock`. After that the test releases one call at a time, the highest index
// first, whenever all of fetch_all's threads are asleep: more calls in flight than `workers`
// always show, results kept in the order the calls finish come out reversed, and
// ThreadSanitizer sees every pair of threads that write one variable without synchronization.
#include "fetch_all.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "fetch_gate.hpp"

namespace {

using fetch_gate::Gate;
using fetch_gate::Value;

// What one call of fetch_all did.
struct Outcome {
  std::vector<std::string> results;
  int max_in_flight = 0;
  int still_in_flight = 0;  // calls of fetch that had not returned when fetch_all was done
  std::vector<int> calls;   // how often fetch(i) was called
  bool bad_index = false;
  bool threw = false;
  std::string what;       // the exception's message, if it threw a std::exception
  int thrown_index = -1;  // the call of fetch that threw
  int threads_left = 0;   // threads started during the call and still there after it
};

// The threads that remain of those not in `before`, once threads that are just ending are gone.
int ThreadsLeft(const std::set<pid_t>& before) {
  int left = 0;
  for (int look = 0; look < 200; ++look) {  // up to 2 s, for threads that are just ending
    left = 0;
    for (const pid_t tid : racelab::ThreadIds()) left += before.count(tid) == 0 ? 1 : 0;
    if (left == 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return left;
}

// Calls fetch_all(n, workers, ...) with the gate as fetch.
Outcome FetchAll(int n, int workers, bool first_release_throws = false) {
  const std::set<pid_t> before = racelab::ThreadIds();
  auto gate = std::make_unique<Gate>(n, workers, first_release_throws);
  Outcome run;
  try {
    run.results = fetch_all(n, workers, [&gate = *gate](int i) { return gate.Fetch(i); });
  } catch (const std::exception& error) {
    run.threw = true;
    run.what = error.what();
  } catch (...) {
    run.threw = true;
  }
  run.still_in_flight = gate->Stop();
  run.max_in_flight = gate->max_in_flight();
  for (int i = 0; i < n; ++i) run.calls.push_back(gate->calls(i));
  run.bad_index = gate->bad_index();
  run.thrown_index = gate->thrown_index();
  if (run.still_in_flight > 0) {
    // Threads that fetch_all left behind still sleep in the gate, and will until the program
    // ends: the gate must outlive them, so it is never freed.
    static_cast<void>(gate.release());
    run.threads_left = static_cast<int>(racelab::ThreadIds().size() - before.size());
  } else {
    run.threads_left = ThreadsLeft(before);
  }
  return run;
}

// The checks every run of fetch_all must pass, `what` naming the call in the messages.
void ExpectComplete(const Outcome& run, int n, int workers, const std::string& what) {
  EXPECT_FALSE(run.threw) << what << " threw \"" << run.what << "\", yet no call of fetch did.";
  EXPECT_FALSE(run.bad_index) << what << " called fetch with an index outside [0, n).";
  EXPECT_EQ(run.still_in_flight, 0)
      << what << " returned while " << run.still_in_flight << " calls of fetch were still "
      << "running: join every thread before returning.";
  EXPECT_LE(run.max_in_flight, workers)
      << what << " had " << run.max_in_flight << " calls of fetch in flight at once, with "
      << "workers = " << workers << ": at most `workers` threads may call fetch at the same "
      << "time (a thread per call, or the caller working beside `workers` threads, is too many).";
  for (int i = 0; i < n; ++i) {
    if (run.calls[static_cast<std::size_t>(i)] != 1) {
      ADD_FAILURE() << what << " called fetch(" << i << ") "
                    << run.calls[static_cast<std::size_t>(i)] << " times instead of once.";
      return;
    }
  }
  ASSERT_EQ(run.results.size(), static_cast<std::size_t>(n))
      << what << " returned " << run.results.size() << " results for " << n << " calls.";
  for (int i = 0; i < n; ++i) {
    const std::string& got = run.results[static_cast<std::size_t>(i)];
    if (got != Value(i)) {
      ADD_FAILURE() << what << ": result " << i << " is \"" << got << "\", but fetch(" << i
                    << ") returned \"" << Value(i) << "\". The results must be indexed by i, "
                    << "whatever order the calls finish in (here the highest index finished "
                    << "first).";
      return;
    }
  }
}

// Nothing to fetch: no call of fetch, no result.
TEST(IoPool, NothingToFetch) {
  const Outcome run = FetchAll(0, 3);
  EXPECT_FALSE(run.threw) << "fetch_all(0, 3, fetch) threw \"" << run.what << "\".";
  EXPECT_TRUE(run.results.empty())
      << "fetch_all(0, 3, fetch) returned " << run.results.size() << " results instead of none.";
}

// Twelve calls on four workers: four calls wait at once, and every result comes back in its
// place.
TEST(IoPool, OverlapsTheWaitsAndKeepsTheOrder) {
  ExpectComplete(FetchAll(12, 4), 12, 4, "fetch_all(12, 4, fetch)");
}

// Other numbers of workers: each time, `workers` calls wait at once.
TEST(IoPool, AsManyWaitsAtOnceAsWorkers) {
  ExpectComplete(FetchAll(6, 2), 6, 2, "fetch_all(6, 2, fetch)");
  ExpectComplete(FetchAll(9, 3), 9, 3, "fetch_all(9, 3, fetch)");
  ExpectComplete(FetchAll(16, 8), 16, 8, "fetch_all(16, 8, fetch)");
}

// Sixteen calls on three workers: never more than three calls in flight.
TEST(IoPool, NeverMoreCallsAtOnceThanWorkers) {
  ExpectComplete(FetchAll(16, 3), 16, 3, "fetch_all(16, 3, fetch)");
}

// More workers than calls: all three calls wait at once.
TEST(IoPool, MoreWorkersThanCalls) {
  ExpectComplete(FetchAll(3, 8), 3, 8, "fetch_all(3, 8, fetch)");
}

// One worker: one call at a time is all that is allowed.
TEST(IoPool, OneWorker) { ExpectComplete(FetchAll(5, 1), 5, 1, "fetch_all(5, 1, fetch)"); }

// The first call to return throws instead (the one with the highest index of the first four):
// fetch_all throws that exception, once every thread it started has ended, with no call of fetch
// still running.
TEST(IoPool, AnExceptionComesOutAfterEveryThreadEnded) {
  const Outcome run = FetchAll(10, 4, /*first_release_throws=*/true);
  const std::string expected = fetch_gate::FailureMessage(run.thrown_index);
  EXPECT_TRUE(run.threw) << "fetch(" << run.thrown_index << ") threw \"" << expected
                         << "\", yet fetch_all returned normally: catch the exception in the "
                            "worker (std::current_exception()), and rethrow it from fetch_all "
                            "(std::rethrow_exception) once every thread has been joined.";
  if (run.threw) {
    EXPECT_EQ(run.what, expected) << "fetch_all threw another exception than the one fetch threw.";
  }
  EXPECT_EQ(run.still_in_flight, 0)
      << "fetch_all threw while " << run.still_in_flight << " calls of fetch were still running "
      << "on its threads: join every thread first, then rethrow.";
  EXPECT_EQ(run.threads_left, 0) << run.threads_left << " threads started by fetch_all were "
                                 << "still there after it threw: join every thread first.";
  EXPECT_FALSE(run.bad_index) << "fetch_all called fetch with an index outside [0, n).";
  for (std::size_t i = 0; i < run.calls.size(); ++i) {
    EXPECT_LE(run.calls[i], 1) << "fetch(" << i << ") was called " << run.calls[i] << " times.";
  }
}

}  // namespace
