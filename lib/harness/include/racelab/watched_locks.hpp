// Watched locks: a test names some of its mutexes ("fork 0" .. "fork 4") and learns which thread
// takes which, as it happens.
//
//   std::vector<std::mutex> forks(5);
//   racelab::WatchedLocks watched(forks, "fork");
//   watched.OnTaken([&](int fork) { ... });  // runs in the thread that just took `fork`
//
// While an object of this class lives, the deadlock watchdogs say of every stuck thread which of
// these locks it holds and which one it waits for ("holds fork 2, waits for fork 3"), and a test
// can hold a thread right after it took one, to make an unlucky schedule happen on purpose. The
// lock and unlock wrappers (wait_sites.cpp, interleaving.cpp) report each blocking lock call and
// each unlock here; a try_lock that succeeds is not seen, so a lock taken that way is not listed
// as held.
//
// The records are relaxed atomics, written by the thread that locks and read by others: they
// order nothing, so they hide no race. What a test does in OnTaken is its own; to hide nothing,
// it too must wait on relaxed atomics only.
#pragma once

#include <sys/types.h>

#include <functional>
#include <mutex>
#include <string>
#include <vector>

namespace racelab {

class WatchedLocks {
 public:
  // Watches `locks` (at most 64), calling lock i "`noun` i" in messages.
  WatchedLocks(std::vector<std::mutex>& locks, std::string noun);
  ~WatchedLocks();
  WatchedLocks(const WatchedLocks&) = delete;
  WatchedLocks& operator=(const WatchedLocks&) = delete;

  // `taken(i)` runs in a thread right after its blocking lock call took lock i. Set it before
  // the threads start.
  void OnTaken(std::function<void(int lock)> taken);

  // "holds fork 2, waits for fork 3" for thread `tid`, or "" if no lock is watched.
  static std::string Describe(pid_t tid);

 private:
  friend struct WatchedLocksAccess;
  std::vector<const void*> locks_;
  std::string noun_;
  std::function<void(int)> taken_;
};

}  // namespace racelab
