// Spurious wake-ups on purpose: condition-variable waits that return without a notify.
//
// POSIX and the C++ standard allow a wait on a condition variable to return although nobody
// notified it, and real systems do it now and then. Code that waits correctly checks its
// condition again after every return (`while (!ready) cv.wait(lock);`, or the wait that takes a
// predicate), so it is not affected. Code that checks once (`if (!ready) cv.wait(lock);`) goes on
// with a condition that is still false: it pops from an empty queue, pushes into a full one.
// Left to chance, that happens too rarely for a test to see. While a SpuriousWakeups object
// lives, it happens every time:
//
//   racelab::SpuriousWakeups spurious;   // from here on, in every thread of the process
//   std::thread consumer([&] { queue.pop(); });   // its first wait returns at once
//
// The first wait of every thread after the object was made returns at once; the thread's later
// waits really wait. A `while` loop therefore checks, finds nothing changed, and sleeps until it
// is notified (a deadlock stays a deadlock for the watchdog); an `if` goes on after that first
// return. It works for every thread of the process, the ones the code under test starts included.
//
// While the object lives, a thread that notifies also gives up the processor right after: a
// waiter it woke runs before it goes on (when both share one CPU, as RunConcurrently's
// `.interleave` workers do). A notify sent before the change it announces is then lost every
// time: the waiter wakes, finds nothing changed, and waits again for a notify that already came.
//
// It works at link time, like forced interleaving: the test binaries are linked with --wrap for
// pthread_cond_wait, pthread_cond_timedwait, pthread_cond_clockwait, std::condition_variable::
// wait (std::condition_variable_any waits through it) and absl::CondVar::Wait, and for the
// notifies of the same three (signal, broadcast, notify_one, notify_all, Signal, SignalAll); a
// yield orders nothing. A spurious return
// unlocks the waiter's mutex, yields the processor and locks the mutex again, exactly what a
// real wait does around its sleep: it adds no synchronization a real wake-up would not, so it
// hides no race.
#pragma once

namespace racelab {

class SpuriousWakeups {
 public:
  SpuriousWakeups();
  ~SpuriousWakeups();
  SpuriousWakeups(const SpuriousWakeups&) = delete;
  SpuriousWakeups& operator=(const SpuriousWakeups&) = delete;

  // How many waits returned spuriously so far, in the whole process.
  static long Count();
};

}  // namespace racelab
