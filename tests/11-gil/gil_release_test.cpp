// Tests of exercise 11: GilRelease, the guard the mini interpreter puts around a wait that may
// block, so that other threads run bytecode meanwhile.
//
// The interpreter (lib/interpreter/include/mini/) runs with a GIL and plain reference counts. A
// thread that waits for a message while it holds the GIL stops every other thread, including the
// one that would send the message: the tests make exactly that happen, so a guard that does not
// let go is a `deadlock` every run. A guard that lets go but does not take the GIL back leaves
// its thread touching reference counts beside another thread: a `data-race`.
#include "gil_release.hpp"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "mini/interpreter.hpp"
#include "racelab/expected.hpp"
#include "racelab/run_concurrently.hpp"
#include "racelab/tracker.hpp"

namespace {

// The interpreter with a GIL, plain counts, and the student's GilRelease around every wait.
using Policy = mini::WithGil<GilRelease>;
using Interpreter = mini::Interpreter<Policy>;

// One thread: while a GilRelease lives, its thread does not hold the GIL, and another thread can
// take it; once the guard ends, the thread holds the GIL again.
TEST(Gil, ReleaseLetsGoAndTakesBack) {
  mini::Gil gil;
  gil.acquire();
  {
    GilRelease released(gil);
    EXPECT_FALSE(gil.held_by_me()) << "while a GilRelease lives, its thread must not hold the "
                                      "GIL, but this one still does: no other thread can run.";
    if (!gil.held_by_me()) {
      std::thread([&] {
        gil.acquire();
        gil.release();
      }).join();
    }
  }
  EXPECT_TRUE(gil.held_by_me()) << "when a GilRelease ends, its thread must hold the GIL again: "
                                   "the interpreter goes on touching reference counts right after.";
  if (gil.held_by_me()) gil.release();
}

// Thread 0 runs a program that waits for a message on a channel, 50 times. Thread 1 sends each
// message, but only once thread 0 already waits for it: it runs its program only then. So thread
// 1 can get the GIL only if thread 0 let go of it while waiting. If thread 0 keeps the GIL, both
// wait for each other, and the watchdog ends the test as a deadlock within seconds, every run.
// Right after the wait, thread 0 drops its reference to the channel while thread 1 has just done
// the same: without the GIL taken back first, that is a data race on the channel's count.
TEST(Gil, AThreadThatWaitsLetsOthersRun) {
  constexpr int kMessages = 50;
  racelab::Tracker tracker;
  std::vector<long> received;
  {
    Interpreter interpreter(tracker);
    mini::Channel<Policy>* channel = interpreter.new_channel();
    interpreter.add_global(channel);  // global 0
    const mini::Program receive = mini::Assemble(R"(
        global 0      # the channel
        recv          # waits for a message
        return)");
    const mini::Program send = mini::Assemble(R"(
        global 0      # the channel
        load 0        # the message, passed in
        send)");
    racelab::RunConcurrently({.threads = 2, .calls = kMessages}, [&](int thread, int i) {
      if (thread == 0) {
        received.push_back(interpreter.run(receive));
      } else {
        channel->wait_for_receiver();
        interpreter.run(send, {interpreter.new_int(i)});
      }
    });
  }
  ASSERT_EQ(received.size(), static_cast<std::size_t>(kMessages));
  for (int i = 0; i < kMessages; ++i) {
    EXPECT_EQ(received[static_cast<std::size_t>(i)], i)
        << "message " << i << " was not the one sent " << i << "th.";
  }
  tracker.ExpectAllFreedOnce();
}

// Four threads run a CPU-bound loop that appends to one shared list, and hand the GIL to each
// other every 100 instructions. The GIL alone keeps the plain counts and the list right: every
// append arrives, and the list's count ends where it started.
TEST(Gil, CpuBoundThreadsTakeTurns) {
  constexpr int kThreads = 4;
  constexpr int kRuns = 5;
  constexpr long kAppends = 200;  // per run, as in the program
  racelab::Tracker tracker;
  {
    Interpreter interpreter(tracker);
    mini::List<Policy>* numbers = interpreter.new_list();
    interpreter.add_global(numbers);  // global 0
    const mini::Program append = mini::Assemble(R"(
              push 0
              store 0           # i = 0
        loop: load 0
              push 200
              less
              jump_if_false done
              global 0
              load 0
              append            # numbers.append(i)
              load 0
              push 1
              add
              store 0           # i = i + 1
              jump loop
        done: global 0
              len
              return)");
    racelab::RunConcurrently({.threads = kThreads, .calls = kRuns},
                             [&](int, int) { interpreter.run(append); });
    const long appended = static_cast<long>(numbers->size());
    EXPECT_EQ(appended, kThreads * kRuns * kAppends)
        << "appends were lost: " << racelab::ExpectedGot(kThreads * kRuns * kAppends, appended);
    EXPECT_EQ(numbers->refcount(), 1)
        << "only the globals hold the list now: " << racelab::ExpectedGot(1, numbers->refcount());
  }
  tracker.ExpectAllFreedOnce();
}

}  // namespace
