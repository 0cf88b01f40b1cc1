// Exercise 18: a lock built by hand from one flag, the way a mutex is built underneath.
//
// A spinlock waits by trying again ("spinning") instead of going to sleep. Here the flag is a
// plain bool, and try_lock() first looks at it, then sets it: two steps. Two threads can both
// look, both find it free, and both walk in. And a plain bool read and written by many threads
// is a data race in itself: nothing makes one thread's unlock visible to the next one's lock,
// nor what the first wrote inside the lock to the second.
//
// Task: make SpinLock a real lock with std::atomic (or std::atomic_flag): one thread inside at a
// time, and whatever a thread wrote while holding it seen by the next one to take it. Keep the
// public interface as it is; no std::mutex, Abseil or TBB lock inside.
#pragma once

#include <thread>

class SpinLock {
 public:
  // Waits until the lock is free, then takes it.
  void lock() {
    while (!try_lock()) std::this_thread::yield();  // let the holder run, then try again
  }

  // Takes the lock if it is free and returns true; otherwise returns false at once.
  bool try_lock() {
    if (!locked_) {    // free?
      locked_ = true;  // then take it
      return true;
    }
    return false;
  }

  void unlock() { locked_ = false; }

 private:
  bool locked_ = false;
};
