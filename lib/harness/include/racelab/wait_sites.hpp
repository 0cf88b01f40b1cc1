// Where each thread waits: every lock call of the test binary (std::mutex, std::shared_mutex,
// absl::Mutex, raw pthread locks) records, while it waits, which lock it wants and the return
// addresses of its callers. A watchdog that finds the threads stuck prints these, and the grader
// turns the addresses into the student's function, file and line.
//
// Like forced interleaving, it works at link time (--wrap, see lib/harness/CMakeLists.txt). The
// records are relaxed atomics, written by the waiting thread and read by the watchdog: they add
// no synchronization, so they hide no race.
#pragma once

#include <sys/types.h>

#include <string>

namespace racelab {

// If thread `tid` of this process is waiting for a lock, a description of it: the lock's address
// and one "#N <null> <null> (binary+0xOFFSET)" line per caller, for the grader to symbolize.
// If it waits inside a WaitNote instead, what the note says. Otherwise "".
std::string DescribeWait(pid_t tid);

// A wait that no lock wrapper sees (a condition variable, a latch), described in words. While a
// WaitNote lives, a thread blocked outside any lock call is described as waiting for `what`:
//
//   racelab::WaitNote note("a message on the channel");
//   arrived_.wait(lock, [&] { return !messages_.empty(); });
//
// `what` must outlive the note (a string literal). Notes nest; the innermost one is shown.
class WaitNote {
 public:
  explicit WaitNote(const char* what);
  ~WaitNote();
  WaitNote(const WaitNote&) = delete;
  WaitNote& operator=(const WaitNote&) = delete;

 private:
  const char* previous_;
};

}  // namespace racelab
