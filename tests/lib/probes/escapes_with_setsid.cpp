// racelab-probe-expects: crash
// racelab-probe-says: started 1 process that left the tests' process group
// Code under test that starts a process which leaves the tests' process group and session
// (setsid), to outlive the grading and change what comes after it, must not pass, and the process
// must not survive: the grader finds it and kills it before it writes anything.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

TEST(Probe, StartsAProcessThatEscapes) {
  const std::string marker = ::testing::TempDir() + "racelab-escaped-" + std::to_string(getpid());
  std::remove(marker.c_str());
  if (fork() == 0) {
    setsid();
    sleep(3);  // the grader has moved on by now
    if (FILE* file = std::fopen(marker.c_str(), "w")) std::fclose(file);
    _exit(0);
  }
  SUCCEED();
}
