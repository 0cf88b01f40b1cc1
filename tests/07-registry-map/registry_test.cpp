// Tests of exercise 07: a Registry that many threads read and a few write at once.
//
// ThreadSanitizer reports the map read or written without a lock, and a write made under a
// shared (reader) lock, which lets other readers in. What it cannot see is a registration split
// into two critical sections: a lookup under the reader lock, then an insert under the writer
// lock with no second look. Every access is locked, yet two threads can both find a name missing
// and both register it. The tests make that happen on purpose: all threads ask for the same new
// name at the same moment, and they yield the processor after every unlock and atomic load
// (forced interleaving), so another thread runs in the gap between the two critical sections,
// on one core as on many.
#include "registry.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "racelab/run_concurrently.hpp"
#include "racelab/source_rules.hpp"

namespace {

constexpr int kThreads = 4;

std::string Name(int i) { return "name-" + std::to_string(i); }

// Holds every thread at the start of each round until all of them got there, so that they ask
// for the round's names at the same moment. It uses relaxed atomics only: it tells threads when
// to go but orders no memory, so it hides no race from ThreadSanitizer.
//
// The last thread to arrive knows at once that the round may start, while the others still
// have to notice it: on one core, each of them only at its next turn. Left alone, the last one
// would run ahead and finish its call before the others begin theirs. So it steps aside for two
// turns first (measured: with no turn or one, two threads met inside a registration in almost
// no round on one core; with two, in every round).
class Rendezvous {
 public:
  explicit Rendezvous(int threads) : threads_(threads) {}
  void Wait(int round) {
    const long everyone = static_cast<long>(threads_) * (round + 1);
    if (arrived_.fetch_add(1, std::memory_order_relaxed) + 1 == everyone) {
      std::this_thread::yield();
      std::this_thread::yield();
      return;
    }
    while (arrived_.load(std::memory_order_relaxed) < everyone) std::this_thread::yield();
  }

 private:
  const int threads_;
  std::atomic<long> arrived_{0};
};

// Checks what the threads were given: ids[t][i] is the id thread t got for names[t][i]. Every
// name must have had one id for every thread, that id must be what find() says, and the ids of
// all names together must be 0, 1, ..., size() - 1, each once.
void ExpectOneDenseIdPerName(const Registry& registry,
                             const std::vector<std::vector<std::string>>& names,
                             const std::vector<std::vector<int>>& ids, std::size_t distinct) {
  for (std::size_t t = 0; t < names.size(); ++t) {
    for (std::size_t i = 0; i < names[t].size(); ++i) {
      const std::optional<int> found = registry.find(names[t][i]);
      ASSERT_TRUE(found.has_value()) << names[t][i] << " was registered, but find() misses it.";
      ASSERT_EQ(ids[t][i], *found)
          << "thread " << t << " was given id " << ids[t][i] << " for " << names[t][i]
          << ", but the name's id is " << *found << ": the name was registered twice. Two "
          << "threads both found it missing and both added it. The lookup and the insert must "
          << "be one step for other threads: under the writer lock, look the name up again "
          << "before you add it.";
    }
  }
  ASSERT_EQ(registry.size(), distinct)
      << distinct << " different names were registered, so size() must be " << distinct << ", not "
      << registry.size() << ". More means a name was stored twice: two threads both "
      << "found it missing and both added it.";
  std::vector<int> all;  // the id of every distinct name, from find()
  for (const auto& row : names) {
    for (const std::string& name : row) all.push_back(*registry.find(name));
  }
  std::sort(all.begin(), all.end());
  all.erase(std::unique(all.begin(), all.end()), all.end());
  ASSERT_EQ(all.size(), distinct)
      << distinct << " names share only " << all.size() << " different ids: two names got the "
      << "same id. Two threads took the same \"next id\" at the same moment, each for its own "
      << "name. The next id must be taken inside the same critical section as the insert.";
  for (std::size_t id = 0; id < all.size(); ++id) {
    ASSERT_EQ(all[id], static_cast<int>(id))
        << "the ids are not 0, 1, 2, ... without gaps: id " << id << " was skipped. An id was "
        << "used up for a name that turned out to be registered already, or the next id was "
        << "taken from a count that another thread changed.";
  }
}

// One thread alone: ids are handed out 0, 1, 2, ... in order; asking again for a name gives the
// same id; find() and size() see exactly the registered names.
TEST(RegistryMap, WorksOnOneThread) {
  Registry registry;
  EXPECT_EQ(registry.size(), 0u) << "a new registry is empty, yet size() is " << registry.size();
  EXPECT_EQ(registry.find("apple"), std::nullopt) << "find() of an unknown name gives nothing.";
  EXPECT_EQ(registry.get_or_create("apple"), 0) << "the first name gets id 0.";
  EXPECT_EQ(registry.get_or_create("banana"), 1) << "the second name gets id 1.";
  EXPECT_EQ(registry.get_or_create("apple"), 0) << "a name that has an id keeps it.";
  EXPECT_EQ(registry.find("banana"), 1) << "find() of banana gives the id it got: 1.";
  EXPECT_EQ(registry.find("cherry"), std::nullopt) << "find() must not register a name.";
  EXPECT_EQ(registry.size(), 2u) << "two names were registered, yet size() is " << registry.size();
  EXPECT_EQ(registry.get_or_create("cherry"), 2) << "the third name gets id 2.";
  EXPECT_EQ(registry.size(), 3u) << "three names were registered, yet size() is "
                                 << registry.size();
}

// Four threads register the same 300 names in the same order, all four asking for each new name
// at the same moment: exactly one of them may register it, and all four must get its one id.
TEST(RegistryMap, ThreadsAskingForTheSameNewNameGetOneId) {
  constexpr int kNames = 300;
  Registry registry;
  Rendezvous rendezvous(kThreads);
  std::vector<std::vector<std::string>> names(kThreads);
  std::vector<std::vector<int>> ids(kThreads, std::vector<int>(kNames, -1));
  for (auto& row : names) {
    for (int i = 0; i < kNames; ++i) row.push_back(Name(i));
  }
  racelab::RunConcurrently({.threads = kThreads, .calls = kNames, .interleave = true},
                           [&](int thread, int i) {
                             const auto t = static_cast<std::size_t>(thread);
                             const auto n = static_cast<std::size_t>(i);
                             rendezvous.Wait(i);
                             ids[t][n] = registry.get_or_create(names[t][n]);
                           });
  ExpectOneDenseIdPerName(registry, names, ids, kNames);
}

// Four threads register 600 names, two new names in each round: threads 0 and 2 ask for one,
// threads 1 and 3 for the other, all at the same moment. Two names registered at once must
// still get two different ids, and no id may be skipped.
TEST(RegistryMap, NamesRegisteredAtOnceGetDifferentIds) {
  constexpr int kRounds = 300;
  Registry registry;
  Rendezvous rendezvous(kThreads);
  std::vector<std::vector<std::string>> names(kThreads);
  std::vector<std::vector<int>> ids(kThreads, std::vector<int>(kRounds, -1));
  for (std::size_t t = 0; t < names.size(); ++t) {
    for (int i = 0; i < kRounds; ++i) names[t].push_back(Name(2 * i + static_cast<int>(t % 2)));
  }
  racelab::RunConcurrently({.threads = kThreads, .calls = kRounds, .interleave = true},
                           [&](int thread, int i) {
                             const auto t = static_cast<std::size_t>(thread);
                             const auto n = static_cast<std::size_t>(i);
                             rendezvous.Wait(i);
                             ids[t][n] = registry.get_or_create(names[t][n]);
                           });
  ExpectOneDenseIdPerName(registry, names, ids, 2 * kRounds);
}

// Threads 0 and 1 register 2,000 names while threads 2 and 3 look names up: names being
// registered right now, and names nobody ever registers. A reader must never see an id that is
// not the name's final one, never find a name that was not registered, and never see size() go
// down or exceed the number of names.
TEST(RegistryMap, ReadersRunBesideWriters) {
  constexpr int kNames = 2'000;
  Registry registry;
  std::vector<std::string> names;
  std::vector<std::string> ghosts;  // never registered
  for (int i = 0; i < kNames; ++i) {
    names.push_back(Name(i));
    ghosts.push_back("ghost-" + std::to_string(i));
  }
  // seen[r][i]: the id reader r found for names[i], or -1; each reader writes only its own row.
  std::vector<std::vector<int>> seen(2, std::vector<int>(kNames, -1));
  std::vector<std::size_t> last_size(2, 0);  // the size() reader r saw last
  std::atomic<int> ghosts_found{0};
  std::atomic<int> bad_sizes{0};
  std::atomic<long> a_bad_size{0};
  racelab::RunConcurrently({.threads = kThreads, .calls = kNames}, [&](int thread, int i) {
    const auto n = static_cast<std::size_t>(i);
    if (thread < 2) {
      registry.get_or_create(names[n]);
      return;
    }
    const auto r = static_cast<std::size_t>(thread - 2);
    if (const std::optional<int> id = registry.find(names[n])) seen[r][n] = *id;
    if (registry.find(ghosts[n]).has_value()) ghosts_found.fetch_add(1, std::memory_order_relaxed);
    const std::size_t size = registry.size();
    if (size < last_size[r] || size > static_cast<std::size_t>(kNames)) {
      bad_sizes.fetch_add(1, std::memory_order_relaxed);
      a_bad_size.store(static_cast<long>(size), std::memory_order_relaxed);
    }
    last_size[r] = size;
  });
  EXPECT_EQ(ghosts_found.load(), 0)
      << ghosts_found.load() << " times find() found a name that nobody registered: it read "
      << "the map while a writer was changing it.";
  EXPECT_EQ(bad_sizes.load(), 0) << bad_sizes.load() << " times size() went down, or was above the "
                                 << kNames << " names registered (once it was " << a_bad_size.load()
                                 << "): it read the map while a writer was changing it.";
  for (std::size_t r = 0; r < seen.size(); ++r) {
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (seen[r][i] == -1) continue;
      ASSERT_EQ(seen[r][i], registry.find(names[i]))
          << "a reader found id " << seen[r][i] << " for " << names[i] << " while the writers "
          << "ran, but the name's id is " << registry.find(names[i]).value_or(-1)
          << " in the end: it was registered twice, and the reader saw the first of its ids.";
    }
  }
  EXPECT_EQ(registry.size(), static_cast<std::size_t>(kNames))
      << kNames << " different names were registered, so size() must be " << kNames << ", not "
      << registry.size() << ". More means a name was stored twice, less that one was lost.";
}

// The lesson: lookups are many, registrations few, so lookups must not wait for each other.
TEST(RegistryMap, LetsReadersRunInParallel) {
  racelab::ExpectOneUsed(
      racelab::StudentFile("registry.hpp"),
      {"shared_mutex", "shared_timed_mutex", "shared_lock", "ReaderMutexLock", "ReaderLock",
       "ReaderTryLock", "concurrent_hash_map", "concurrent_unordered_map", "spin_rw_mutex",
       "queuing_rw_mutex", "rw_mutex", "pthread_rwlock_t"},
      "Lookups are far more common than registrations, and a plain mutex makes every lookup "
      "wait for every other. Use a reader-writer lock (std::shared_mutex, or absl::Mutex with "
      "ReaderMutexLock) or tbb::concurrent_hash_map.");
}

}  // namespace
