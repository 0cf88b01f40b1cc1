// Tests of exercise 06: LazyTable, whose table is built once, on first use, by many threads.
//
// The tests' compute functions count how often they run and build a table that tells which
// LazyTable it belongs to, so the tests see a table built twice, a table never built, and one
// LazyTable returning another's table. They are slow on purpose: they yield the processor while
// building, so the other threads really arrive at get() while the table is halfway built, on one
// core as on many. ThreadSanitizer sees the rest: a table written by two threads, or read
// without being ordered after the writes that built it.
#include "lazy_table.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "racelab/run_concurrently.hpp"

namespace {

constexpr long kSize = 64;  // entries per table

// Entry k of the table of LazyTable number `id`.
long Entry(int id, long k) { return id * 1'000L + k; }

// A slow compute for LazyTable number `id`: counts its runs in `runs` and builds the table,
// letting other threads run every few entries. The count is relaxed: it orders nothing between
// the threads, so it cannot hide a race.
std::function<std::vector<long>()> SlowCompute(int id, std::atomic<int>& runs) {
  return [id, &runs] {
    runs.fetch_add(1, std::memory_order_relaxed);
    std::vector<long> table;
    for (long k = 0; k < kSize; ++k) {
      table.push_back(Entry(id, k));
      if (k % 8 == 0) std::this_thread::yield();
    }
    return table;
  };
}

// True if `table` is the whole table of LazyTable number `id`.
bool IsTableOf(const std::vector<long>& table, int id) {
  if (table.size() != static_cast<std::size_t>(kSize)) return false;
  for (long k = 0; k < kSize; ++k) {
    if (table[static_cast<std::size_t>(k)] != Entry(id, k)) return false;
  }
  return true;
}

// What `table` is, next to what the table of LazyTable number `id` would be.
std::string Describe(const std::vector<long>& table, int id) {
  return "it has " + std::to_string(table.size()) + " entries" +
         (table.empty() ? "" : ", the first " + std::to_string(table.front())) +
         "; the table of LazyTable " + std::to_string(id) + " has " + std::to_string(kSize) +
         " entries, the first " + std::to_string(Entry(id, 0));
}

// A new LazyTable number i for each counter runs[i], each with its own SlowCompute. Held by
// pointer: a LazyTable need not be movable.
std::vector<std::unique_ptr<LazyTable>> MakeTables(std::vector<std::atomic<int>>& runs) {
  std::vector<std::unique_ptr<LazyTable>> tables;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    tables.push_back(std::make_unique<LazyTable>(SlowCompute(static_cast<int>(i), runs[i])));
  }
  return tables;
}

// One thread alone: the constructor does not build the table, the first get() does, and later
// calls return the same table without building it again.
TEST(LazyInit, BuildsOnFirstUseOnly) {
  std::atomic<int> runs{0};
  LazyTable lazy(SlowCompute(1, runs));
  EXPECT_EQ(runs.load(), 0) << "compute ran before the first get(): the table must be built "
                               "lazily, by the first call of get(), not by the constructor.";
  const std::vector<long>& first = lazy.get();
  EXPECT_EQ(runs.load(), 1) << "the first get() must run compute exactly once, not " << runs.load()
                            << " times.";
  EXPECT_TRUE(IsTableOf(first, 1))
      << "get() did not return the table that compute built: " << Describe(first, 1) << ".";
  const std::vector<long>& again = lazy.get();
  EXPECT_EQ(runs.load(), 1) << "a later get() ran compute again (" << runs.load()
                            << " runs in all): it must run only once.";
  EXPECT_EQ(&again, &first) << "the second get() returned another table than the first: every "
                               "caller must get the one table.";
}

// One thread, three LazyTables with different compute functions: each returns its own table.
TEST(LazyInit, EachLazyTableHasItsOwnTable) {
  std::atomic<int> runs[3] = {0, 0, 0};
  LazyTable first(SlowCompute(1, runs[0]));
  LazyTable second(SlowCompute(2, runs[1]));
  LazyTable third(SlowCompute(3, runs[2]));
  EXPECT_TRUE(IsTableOf(second.get(), 2))
      << "the second LazyTable did not return its own table: " << Describe(second.get(), 2) << ".";
  EXPECT_TRUE(IsTableOf(first.get(), 1))
      << "the first LazyTable did not return its own table: " << Describe(first.get(), 1) << ".";
  EXPECT_TRUE(IsTableOf(third.get(), 3))
      << "the third LazyTable did not return its own table: " << Describe(third.get(), 3) << ".";
  for (int i = 0; i < 3; ++i) {
    if (runs[i].load() == 0) {
      ADD_FAILURE() << "the compute of LazyTable " << i + 1 << " never ran, yet its get() "
                    << "returned a table. A `static` variable inside get() exists once per "
                    << "program, not once per LazyTable: the first LazyTable to call get() fills "
                    << "it, and every other one returns that same table. The table, and what "
                    << "records that it is built, must be members.";
    } else {
      EXPECT_EQ(runs[i].load(), 1) << "the compute of LazyTable " << i + 1 << " ran "
                                   << runs[i].load() << " times instead of once.";
    }
  }
}

// Four threads call get() on 100 new LazyTables, one after the other, all starting at the same
// moment: the first calls of each table come from several threads at once. compute must run
// exactly once per LazyTable, and every thread must get the one table, fully built.
TEST(LazyInit, FirstCallsFromManyThreadsBuildOnce) {
  constexpr int kThreads = 4;
  constexpr int kTables = 100;
  std::vector<std::atomic<int>> runs(kTables);
  const std::vector<std::unique_ptr<LazyTable>> tables = MakeTables(runs);
  // What each thread got, in slots of its own.
  std::vector<std::vector<const std::vector<long>*>> got(
      kThreads, std::vector<const std::vector<long>*>(kTables, nullptr));
  std::vector<int> incomplete(kThreads, 0);
  racelab::RunConcurrently(
      {.threads = kThreads, .calls = kTables, .interleave = true}, [&](int thread, int i) {
        const auto t = static_cast<std::size_t>(thread);
        const std::vector<long>& table = tables[static_cast<std::size_t>(i)]->get();
        got[t][static_cast<std::size_t>(i)] = &table;
        if (!IsTableOf(table, i)) ++incomplete[t];
      });

  int built_twice = 0;
  int never_built = 0;
  int a_table = 0;
  int its_runs = 1;
  int different_tables = 0;
  for (int i = 0; i < kTables; ++i) {
    const auto slot = static_cast<std::size_t>(i);
    const int n = runs[slot].load();
    if (n != 1 && built_twice + never_built == 0) {
      a_table = i;
      its_runs = n;
    }
    built_twice += n > 1;
    never_built += n == 0;
    const std::vector<long>* the_table = &tables[slot]->get();
    for (int t = 0; t < kThreads; ++t) {
      different_tables += got[static_cast<std::size_t>(t)][slot] != the_table;
    }
  }
  EXPECT_EQ(built_twice, 0)
      << built_twice << " of " << kTables << " tables were built more than once (table " << a_table
      << ": compute ran " << its_runs << " times). Several threads found the table "
      << "not built yet and each built it: the check and the build must be one step that only "
      << "one thread can take, while the others wait until the table is ready.";
  EXPECT_EQ(never_built, 0) << never_built << " of " << kTables << " LazyTables never ran their "
                            << "own compute: they returned a table that is not theirs (a static "
                            << "inside get() is one table for the whole program).";
  int incomplete_total = 0;
  for (const int n : incomplete) incomplete_total += n;
  EXPECT_EQ(incomplete_total, 0)
      << incomplete_total << " of " << kThreads * kTables << " calls of get() returned a table "
      << "that was not (yet) the whole table: a caller must wait until the table is fully built.";
  EXPECT_EQ(different_tables, 0)
      << different_tables << " of " << kThreads * kTables << " calls of get() returned another "
      << "vector than the one that get() returns once all threads are done: every caller must "
      << "get the LazyTable's one table.";
}

// Thread 0 calls get() first on each of 100 LazyTables, then raises a flag; threads 1-3 wait for
// the flag and only then call get(), when the table is built. The flag is relaxed: it tells them
// when to go but orders no memory, so only get() itself can make the table's contents visible
// to them. A "built" flag read without acquire (or written without release) lets them use the
// table with nothing ordering its construction before their reads: ThreadSanitizer reports it.
TEST(LazyInit, LaterCallersSeeTheBuiltTable) {
  constexpr int kTables = 100;
  std::vector<std::atomic<int>> runs(kTables);
  const std::vector<std::unique_ptr<LazyTable>> tables = MakeTables(runs);
  std::vector<std::atomic<bool>> built(kTables);
  std::vector<int> incomplete(4, 0);
  racelab::RunConcurrently({.threads = 4, .calls = kTables}, [&](int thread, int i) {
    const auto slot = static_cast<std::size_t>(i);
    if (thread != 0) {
      while (!built[slot].load(std::memory_order_relaxed)) std::this_thread::yield();
    }
    if (!IsTableOf(tables[slot]->get(), i)) ++incomplete[static_cast<std::size_t>(thread)];
    if (thread == 0) built[slot].store(true, std::memory_order_relaxed);
  });
  int incomplete_total = 0;
  for (const int n : incomplete) incomplete_total += n;
  EXPECT_EQ(incomplete_total, 0) << incomplete_total << " of " << 3 * kTables << " calls of get() "
                                 << "made after the table was built returned something else than "
                                 << "the whole table: they did not see what the first call built.";
  int not_once = 0;
  for (const std::atomic<int>& n : runs) not_once += n.load() != 1;
  EXPECT_EQ(not_once, 0) << "for " << not_once << " of " << kTables << " tables compute did not "
                         << "run exactly once, although thread 0 had built each table before "
                         << "the others called get().";
}

}  // namespace
