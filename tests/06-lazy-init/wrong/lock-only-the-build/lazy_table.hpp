// A wrong fix: the build is locked, the check is not, and there is no second check under the
// lock. Threads that found the flag false before the first builder set it wait for the lock,
// then each build the table again, overwriting it while earlier callers read it.
// racelab-expects: data-race or wrong-result
#pragma once

#include <atomic>
#include <functional>
#include <mutex>
#include <utility>
#include <vector>

class LazyTable {
 public:
  explicit LazyTable(std::function<std::vector<long>()> compute) : compute_(std::move(compute)) {}

  const std::vector<long>& get() {
    if (!built_.load()) {
      std::lock_guard<std::mutex> lock(mutex_);
      table_ = compute_();
      built_.store(true);
    }
    return table_;
  }

 private:
  std::function<std::vector<long>()> compute_;
  std::vector<long> table_;
  std::atomic<bool> built_{false};
  std::mutex mutex_;
};
