// Forced interleaving: makes the losing interleaving of a check-then-act happen on purpose.
//
// Some wrong fixes leave ThreadSanitizer nothing to report: every access is atomic or locked,
// yet a decision is taken in one step and acted on in another (`if (n.load() < max)
// n.fetch_add(1)`, or a check and an act in two critical sections). They fail only when another
// thread runs in the gap, a few instructions wide: sometimes on two cores, never on one. Under
// forced interleaving the thread yields the processor right after every atomic load and every
// unlock (std::mutex, std::shared_mutex, pthread spinlocks, absl::Mutex), so other threads run
// in every such gap. RunConcurrently with `.interleave = true` also puts its workers on one
// shared CPU: a yield then always hands the CPU to another worker, so the interleaving is the
// same on a machine with one core as on one with many (ThreadSanitizer needs no parallelism to
// see a race: it checks the order of events, not their timing).
//
//   racelab::RunConcurrently({.threads = 4, .calls = 2'000, .interleave = true}, ...);
//
// It works at link time: the test binaries are linked with --wrap for ThreadSanitizer's atomic
// loads and for pthread's unlocks, and the wrappers yield when the calling thread asks for it.
// A yield adds no synchronization between threads, so it hides no race.
#pragma once

namespace racelab {

// While an object of this class lives, the thread that made it yields after each atomic load
// and each unlock.
class ForcedInterleaving {
 public:
  ForcedInterleaving();
  ~ForcedInterleaving();
  ForcedInterleaving(const ForcedInterleaving&) = delete;
  ForcedInterleaving& operator=(const ForcedInterleaving&) = delete;

 private:
  bool previous_;
};

}  // namespace racelab
