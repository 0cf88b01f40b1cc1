// Exercise 16: at most `max_users` threads at a time may use a resource, such as the
// connections of a database pool.
//
// A thread calls acquire() before it uses the resource and release() when it is done;
// try_acquire() takes a place only if one is free right now. Below, the number of users inside
// is a std::atomic, so no update is lost and ThreadSanitizer has nothing to report. Yet
// acquire() first checks that there is room and then counts itself in, in two steps: two
// threads can both see one free place, and both come in.
//
// Task: make Limiter let in at most `max_users` threads at once, with acquire() waiting while
// the resource is full. Keep the public interface.
#pragma once

#include <atomic>
#include <thread>

class Limiter {
 public:
  explicit Limiter(int max_users) : max_users_(max_users) {}

  // Blocks while `max_users` users are in.
  void acquire() {
    while (users_.load() >= max_users_) std::this_thread::yield();  // wait for a free place
    users_.fetch_add(1);
  }

  // Takes a place only if one is free: true if it did.
  bool try_acquire() {
    if (users_.load() >= max_users_) return false;
    users_.fetch_add(1);
    return true;
  }

  // Gives the place back.
  void release() { users_.fetch_sub(1); }

 private:
  const int max_users_;
  std::atomic<int> users_{0};
};
