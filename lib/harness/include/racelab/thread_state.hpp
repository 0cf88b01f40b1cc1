// What the kernel says a thread of this process is doing. Used by the watchdog to tell a
// deadlock (threads asleep, waiting for each other) from a livelock (threads busy, going nowhere).
#pragma once

#include <sys/types.h>

#include <set>
#include <string>

namespace racelab {

enum class ThreadState { kRunning, kBlocked, kGone };

// The calling thread's kernel id.
pid_t CurrentThreadId();

// The state of thread `tid` of process `pid` (0: this process), from /proc/<pid>/task/<tid>/stat.
ThreadState StateOf(pid_t tid, pid_t pid = 0);

// True if process `pid` has threads and every one of them is blocked: it waits for something
// that will never come. The grader asks this of a test binary that ran out of time.
bool AllThreadsBlocked(pid_t pid);

std::string Describe(ThreadState state);

// The kernel ids of this process's threads, from /proc/self/task.
std::set<pid_t> ThreadIds();

// How often the kernel has switched thread `tid` of this process in or out. It stands still only
// while the thread sleeps without ever waking: two equal looks around a blocked state mean the
// thread slept all along.
long ContextSwitches(pid_t tid);

}  // namespace racelab
