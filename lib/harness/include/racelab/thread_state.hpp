// What the kernel says a thread of this process is doing. Used by the watchdog to tell a
// deadlock (threads asleep, waiting for each other) from a livelock (threads busy, going nowhere).
#pragma once

#include <sys/types.h>

#include <string>

namespace racelab {

enum class ThreadState { kRunning, kBlocked, kGone };

// The calling thread's kernel id.
pid_t CurrentThreadId();

// The state of thread `tid` of this process, from /proc/self/task/<tid>/stat.
ThreadState StateOf(pid_t tid);

std::string Describe(ThreadState state);

}  // namespace racelab
