// Correct, but not this lesson: a SpinLock that is a std::mutex inside. The exercise is to build
// the lock from an atomic flag.
// racelab-expects: constraint
#pragma once

#include <mutex>

class SpinLock {
 public:
  void lock() { mutex_.lock(); }
  bool try_lock() { return mutex_.try_lock(); }
  void unlock() { mutex_.unlock(); }

 private:
  std::mutex mutex_;
};
