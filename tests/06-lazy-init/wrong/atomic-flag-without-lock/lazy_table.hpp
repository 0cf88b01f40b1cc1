// A wrong fix: the flag made atomic, checked and then set, with no lock. Each access to the flag
// is safe, but the check and the build are still two steps: threads that check before the first
// builder sets the flag all build, writing table_ at the same time.
// racelab-expects: data-race or wrong-result
#pragma once

#include <atomic>
#include <functional>
#include <utility>
#include <vector>

class LazyTable {
 public:
  explicit LazyTable(std::function<std::vector<long>()> compute) : compute_(std::move(compute)) {}

  const std::vector<long>& get() {
    if (!built_.load(std::memory_order_acquire)) {
      table_ = compute_();
      built_.store(true, std::memory_order_release);
    }
    return table_;
  }

 private:
  std::function<std::vector<long>()> compute_;
  std::vector<long> table_;
  std::atomic<bool> built_{false};
};
