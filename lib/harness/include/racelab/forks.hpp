// The processes that the code under test starts with fork(), and a fork() that fails on demand.
//
// A test of code that forks must know which children that code started, to check that every one
// of them was reaped (no zombie left behind) and to clean up after code that did not reap them:
//
//   const std::size_t before = racelab::ForkedChildren().size();
//   sum_in_children(4, work);
//   const std::vector<pid_t> all = racelab::ForkedChildren();
//   // all[before] .. all.back(): the children of this call
//
// It works at link time, like forced interleaving: a test binary that links racelab::forks is
// linked with --wrap=fork (lib/harness/forks.cmake), and fork() goes through a wrapper that
// records the child's pid in the parent. The wrapper adds no synchronization between threads.
#pragma once

#include <sys/types.h>

#include <vector>

namespace racelab {

// Every child that fork() returned to this process so far, oldest first.
std::vector<pid_t> ForkedChildren();

// After `successes` more successful calls, fork() fails: it returns -1 with errno EAGAIN, as when
// the process limit is reached, until FailForkAfter(-1) (the default: fork() never fails).
void FailForkAfter(int successes);

}  // namespace racelab
