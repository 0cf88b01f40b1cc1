// racelab-probe-expects: deadlock
// racelab-probe-says: before the tests began
// Code under test whose process never ends: it ignores every signal it can, starts a child that
// does the same, and sleeps forever before the tests begin. The grader ends both (SIGKILL cannot
// be ignored) after its stall limit, names it a hang, and nothing of it is left running.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

namespace {

[[noreturn]] void SleepForever() {
  for (int signal = 1; signal < NSIG; ++signal) ::signal(signal, SIG_IGN);
  for (;;) pause();
}

const bool kStarted = [] {
  if (fork() == 0) SleepForever();
  SleepForever();
  return true;
}();

}  // namespace

TEST(Probe, NeverGetsHere) { SUCCEED() << kStarted; }
