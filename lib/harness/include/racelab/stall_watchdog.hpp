// The stall watchdog: ends a test binary in which nothing at all has happened for a few seconds
// because every thread waits (a lock taken twice by one thread, two threads waiting for each
// other, a wait for a signal that never comes), wherever in a test it happens. It reports
// `deadlock` with each thread's state and, for a thread that waits for a lock, the lock and where
// it was called from (wait_sites.hpp). RunConcurrently has a watchdog of its own for its threads,
// with more to say about them; this one covers everything else.
//
// "Nothing happened": every thread the tests started is asleep in the kernel, and none of them
// was scheduled even once over the whole period (their context-switch counts stand still).
// Threads of the sanitizer's runtime, which exist before main(), are not counted.
#pragma once

namespace racelab {

// Starts the watchdog thread; called once, from main(), before the tests run.
void StartStallWatchdog(double stall_seconds);

}  // namespace racelab
