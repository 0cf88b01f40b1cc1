// Whether a call blocks, told without a clock: a test starts the call on a thread of its own,
// then waits until that thread is asleep in the kernel and stays asleep (a call that waits for
// something), or until the call has returned (a call that did not wait).
//
//   std::thread consumer([&] { tid = racelab::CurrentThreadId(); got = queue.pop(); done = true;
//   }); if (racelab::WaitUntilAsleep(tid, [&] { return done.load(); }) ==
//   racelab::Sleep::kReturned)
//     ADD_FAILURE() << "pop() returned from an empty queue";
//
// "Asleep": blocked in the kernel at several looks in a row, and not switched in once between
// them. A thread that only spins (yields in a loop) never is; after `give_up_seconds` it counts
// as waiting too, since it has not returned. The looks read /proc and relaxed atomics: they add
// no synchronization between the threads, so they hide no race.
#pragma once

#include <sys/types.h>

#include <functional>

namespace racelab {

enum class Sleep {
  kAsleep,    // the thread sleeps: it waits for something
  kReturned,  // `returned()` came true first
  kSpinning,  // neither, after give_up_seconds: it is busy, yet has not returned
};

// Waits until thread `tid` of this process sleeps, or `returned()` is true.
Sleep WaitUntilAsleep(pid_t tid, const std::function<bool()>& returned,
                      double give_up_seconds = 2.0);

}  // namespace racelab
