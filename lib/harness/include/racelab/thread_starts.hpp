// Counts the threads this process starts: std::thread, std::jthread, std::async and a direct
// pthread_create all count. A test that must prove the student's code really runs on threads
// (exercise 00) compares the count before and after the call.
//
//   const long before = racelab::ThreadsStarted();
//   threaded_sum(values, 4);
//   EXPECT_GE(racelab::ThreadsStarted() - before, 3);
//
// Like forced interleaving, it works at link time (--wrap, see lib/harness/CMakeLists.txt).
#pragma once

namespace racelab {

// Threads started so far by code compiled into this test binary.
long ThreadsStarted();

}  // namespace racelab
