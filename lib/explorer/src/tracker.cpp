// racelab::Tracker for scenarios (exercise 09's Object holds a Tracker::Life). The explorer sees
// frees itself (operator delete is one of its steps, and a second delete of the same memory is
// a double free), so here the tracker only counts.
#include "racelab/tracker.hpp"

namespace racelab {

struct Tracker::Slot {};

namespace {
Tracker* g_tracker = nullptr;
}  // namespace

Tracker::Tracker() { g_tracker = this; }
Tracker::~Tracker() { g_tracker = nullptr; }
Tracker::Life::Life(Tracker& tracker) { tracker.created_.fetch_add(1, std::memory_order_relaxed); }
Tracker::Life::~Life() {
  if (g_tracker != nullptr) g_tracker->freed_.fetch_add(1, std::memory_order_relaxed);
}
void Tracker::ExpectAllFreedOnce() const {}
Tracker::Slot* Tracker::Find(std::uintptr_t) { return nullptr; }
void Tracker::Born(std::uintptr_t) {}
void Tracker::Died(std::uintptr_t) {}

}  // namespace racelab
