// The test harness's instruments in the interpreter, switched off for measuring.
//
// The interpreter is built for the tests of exercises 11 and 12, and two of the harness's
// instruments are part of it:
//   - every object counts its creation and its free in a racelab::Tracker, which finds leaks and
//     double frees. It counts in two atomic counters that all threads share: without a GIL,
//     every object made on one core would pull their cache line away from the other core, and
//     the experiment would measure the tracker instead of the interpreter;
//   - every wait is marked with a racelab::WaitNote, for the tests' watchdog. Its definition
//     comes with the tests' main() and link-time wrappers around every lock call.
// So this program defines both itself, doing nothing. The linker then takes these definitions
// and never pulls the harness's (lib/harness/src/tracker.cpp); were both linked, it would stop
// with "multiple definition", not pick one in silence.
#include "racelab/tracker.hpp"
#include "racelab/wait_sites.hpp"

namespace racelab {

struct Tracker::Slot {};
Tracker::Tracker() = default;
Tracker::~Tracker() = default;
Tracker::Life::Life(Tracker&) {}
Tracker::Life::~Life() = default;

WaitNote::WaitNote(const char*) : previous_(nullptr) {}
WaitNote::~WaitNote() = default;

}  // namespace racelab
