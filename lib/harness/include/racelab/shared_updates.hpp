// A census of shared updates: which variables several threads update with an atomic
// read-modify-write (fetch_add, exchange, compare_exchange, ...) or lock (a pthread mutex,
// rwlock or spinlock), and how often.
//
// It tells whether code shares work between threads or serializes it on one variable, by what
// the code does rather than by how it is spelled: a `std::atomic<long>` incremented with
// fetch_add, `++` or `+=`, a `__sync` or `__atomic` builtin, a `std::mutex`, an `absl::Mutex` or
// a TBB spin lock all show up as one variable that every thread updates on every call.
//
//   racelab::UpdateCensus census;
//   racelab::RunConcurrently({.threads = 8, .calls = 1'000}, [&](int, int) {
//     racelab::UpdateCensus::Counted counted;  // count what this call updates
//     counter.increment();
//   });
//   const racelab::SharedUpdates busiest = census.Busiest();
//
// Only updates made while a Counted object lives on the updating thread are counted, so the
// harness's own synchronization (start gates, watchdogs) stays out of the census. It works at
// link time, like forced interleaving: the test binary is linked with --wrap for the sanitizer's
// atomic read-modify-writes and for pthread's lock functions (lib/harness/shared_updates.cmake;
// a test links racelab::shared_updates to get them). Atomics are seen under ThreadSanitizer
// only; under other sanitizers only locks are. The census adds no synchronization between the
// threads it watches, so it hides no race.
#pragma once

#include <cstdint>

namespace racelab {

// One variable and the updates the census saw on it.
struct SharedUpdates {
  std::uintptr_t address = 0;  // 0: no variable was updated by more than one thread
  long updates = 0;            // atomic read-modify-writes and lock acquisitions on it
  int threads = 0;             // how many different threads made them
  const char* operation = "";  // the first one seen, e.g. "atomic fetch_add", "mutex lock"
};

class UpdateCensus {
 public:
  // Starts counting. Only one census may run at a time.
  UpdateCensus();
  ~UpdateCensus();
  UpdateCensus(const UpdateCensus&) = delete;
  UpdateCensus& operator=(const UpdateCensus&) = delete;

  // While an object of this class lives, the updates made by the thread that made it count.
  class Counted {
   public:
    Counted();
    ~Counted();
    Counted(const Counted&) = delete;
    Counted& operator=(const Counted&) = delete;

   private:
    bool previous_;
  };

  // Of the variables updated by at least two threads, the one updated most often.
  SharedUpdates Busiest() const;

  // All counted updates, on any variable.
  long total() const;

  // False if the build cannot see atomic operations (no ThreadSanitizer): then only locks count.
  static bool SeesAtomics();
};

}  // namespace racelab
