#include "racelab/tracker.hpp"

#include <gtest/gtest.h>

#include <string>

#include "racelab/category.hpp"

namespace racelab {
namespace {

// The tracker of the running test. A Life finds it here rather than in its own object, so a
// second destruction reads nothing from memory that was already freed.
std::atomic<Tracker*> current_tracker{nullptr};

constexpr std::size_t kSlots = std::size_t{1} << 17;  // distinct addresses in one test

}  // namespace

struct Tracker::Slot {
  std::atomic<std::uintptr_t> address{0};
  std::atomic<bool> alive{false};
};

Tracker::Tracker() : slots_(new Slot[kSlots]) {
  Tracker* expected = nullptr;
  if (!current_tracker.compare_exchange_strong(expected, this, std::memory_order_relaxed)) {
    EndNow(kWrongResult, "racelab: two Trackers at once; a test may have only one");
  }
}

Tracker::~Tracker() { current_tracker.store(nullptr, std::memory_order_relaxed); }

Tracker::Slot* Tracker::Find(std::uintptr_t address) {
  std::size_t i = (address >> 4) * 0x9E3779B97F4A7C15ULL % kSlots;
  for (std::size_t probes = 0; probes < kSlots; ++probes, i = (i + 1) % kSlots) {
    std::uintptr_t seen = slots_[i].address.load(std::memory_order_relaxed);
    if (seen == 0 &&
        slots_[i].address.compare_exchange_strong(seen, address, std::memory_order_relaxed)) {
      return &slots_[i];
    }
    if (seen == address) return &slots_[i];
  }
  EndNow(kWrongResult, "racelab: the Tracker is full; create fewer objects in one test");
}

void Tracker::Born(std::uintptr_t address) {
  Find(address)->alive.store(true, std::memory_order_relaxed);
  created_.fetch_add(1, std::memory_order_relaxed);
}

void Tracker::Died(std::uintptr_t address) {
  if (!Find(address)->alive.exchange(false, std::memory_order_relaxed)) {
    double_frees_.fetch_add(1, std::memory_order_relaxed);
    ReportNow(kDoubleFree,
              "an object was freed twice: two threads both saw its count reach zero, or a "
              "reference was dropped once too often.");
    return;
  }
  freed_.fetch_add(1, std::memory_order_relaxed);
}

Tracker::Life::Life(Tracker& tracker) { tracker.Born(reinterpret_cast<std::uintptr_t>(this)); }

Tracker::Life::~Life() {
  Tracker* tracker = current_tracker.load(std::memory_order_relaxed);
  if (tracker != nullptr) tracker->Died(reinterpret_cast<std::uintptr_t>(this));
}

void Tracker::ExpectAllFreedOnce() const {
  EXPECT_EQ(double_frees(), 0) << kDoubleFree << double_frees() << " of " << created()
                               << " objects were freed twice: two threads both saw the count "
                                  "reach zero, or a reference was dropped once too often.";
  EXPECT_EQ(live(), 0) << kLeak << live() << " of " << created()
                       << " objects were never freed: a count never reached zero, so the last "
                          "decref did not delete.";
}

}  // namespace racelab
