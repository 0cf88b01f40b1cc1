// A live-object tracker for the reference-counting lessons.
//
// A tracked class holds a Tracker::Life member. Constructing the Life counts a creation;
// destroying it counts a free; destroying the same object a second time is a double free,
// reported at once (ThreadSanitizer itself does not see double frees).
//
//   racelab::Tracker tracker;
//   ...create and drop objects from many threads...
//   tracker.ExpectAllFreedOnce();   // leak or double-free, with its category
//
// The tracker uses only relaxed atomics, so it adds no ordering between threads and hides no
// race. Only one Tracker may exist at a time.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>

namespace racelab {

class Tracker {
 public:
  class Life {
   public:
    explicit Life(Tracker& tracker);
    ~Life();
    Life(const Life&) = delete;
    Life& operator=(const Life&) = delete;
  };

  Tracker();
  ~Tracker();
  Tracker(const Tracker&) = delete;
  Tracker& operator=(const Tracker&) = delete;

  long created() const { return created_.load(std::memory_order_relaxed); }
  long freed() const { return freed_.load(std::memory_order_relaxed); }
  long live() const { return created() - freed(); }
  long double_frees() const { return double_frees_.load(std::memory_order_relaxed); }

  // Fails the current test with `double-free` if an object was freed twice, and with `leak` if
  // objects are still alive.
  void ExpectAllFreedOnce() const;

 private:
  struct Slot;
  Slot* Find(std::uintptr_t address);
  void Born(std::uintptr_t address);
  void Died(std::uintptr_t address);

  std::atomic<long> created_{0};
  std::atomic<long> freed_{0};
  std::atomic<long> double_frees_{0};
  std::unique_ptr<Slot[]> slots_;  // an open-addressing table: address -> alive?
};

}  // namespace racelab
