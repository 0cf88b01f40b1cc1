// A wrong fix: the flag made atomic, but still looked at, then set: two atomic steps, with a gap
// between them. Each access is atomic, so ThreadSanitizer sees no race; yet two threads that
// look before either sets the flag both take the lock. The tests count the threads inside.
// racelab-expects: wrong-result
#pragma once

#include <atomic>
#include <thread>

class SpinLock {
 public:
  void lock() {
    while (locked_.load()) std::this_thread::yield();
    locked_.store(true);
  }

  bool try_lock() {
    if (locked_.load()) return false;
    locked_.store(true);
    return true;
  }

  void unlock() { locked_.store(false); }

 private:
  std::atomic<bool> locked_{false};
};
