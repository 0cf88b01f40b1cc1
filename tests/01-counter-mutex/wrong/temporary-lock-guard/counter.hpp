// A wrong fix for 01: the guards have no name, so each is a temporary that unlocks again at the
// end of its own statement. The increment itself runs unlocked.
// racelab-expects: data-race
#pragma once

#include <mutex>

class Counter {
 public:
  void increment() {
    std::lock_guard<std::mutex>{mutex_};
    ++count_;
  }

  long value() const {
    std::lock_guard<std::mutex>{mutex_};
    return count_;
  }

 private:
  mutable std::mutex mutex_;
  long count_ = 0;
};
