// The stress runner: many threads calling the student's code at the same time.
//
//   Counter counter;
//   racelab::RunConcurrently({.threads = 4, .calls = 10'000},
//                            [&](int thread, int call) { counter.increment(); });
//
// The threads are created first and wait at a start gate; the gate opens for all of them at
// once, so their calls really overlap. The runner adds no synchronization between the threads
// after the gate, so it hides no race from ThreadSanitizer.
//
// A watchdog (the calling thread) ends the test binary if the threads do not finish:
//   - `deadlock`: no thread made progress for `stall_seconds` and every unfinished thread is
//     blocked (asleep in the kernel, e.g. waiting for a lock);
//   - `timeout`: the threads still run but have used `limit_seconds` of CPU time (the whole
//     process's, since the call began) without finishing (a livelock or an endless loop). CPU
//     time, so that a busy machine does not end a correct run.
// Either way it prints, for every thread, how many calls it finished and what state it is in.
#pragma once

#include <functional>

namespace racelab {

struct Load {
  int threads = 4;              // threads started together
  int calls = 10'000;           // calls per thread
  bool chaos = false;           // random yields and short sleeps between calls (see chaos.hpp)
  bool interleave = false;      // yield after every atomic load and unlock, all workers on one
                                // CPU (interleaving.hpp)
  double stall_seconds = 3.0;   // no progress for this long, all blocked: deadlock
  double limit_seconds = 60.0;  // not finished after this much CPU time: timeout
};

// Calls `call(thread, i)` for i = 0 .. calls-1 on each of `load.threads` threads
// (thread = 0 .. threads-1) and returns when all of them are done.
void RunConcurrently(const Load& load, const std::function<void(int thread, int call)>& call);

}  // namespace racelab
