// Exercise 16, solved with std::counting_semaphore: a counter of free places whose acquire()
// takes one, waiting while there is none, in one indivisible step.
//
// Beware: libstdc++'s std::counting_semaphore up to GCC 13 can lose a wake-up (GCC bugs 98033
// and 104928): a release() that finds the count above zero wakes nobody, and a thread that was
// just going to sleep stays asleep though a place is free. See the README.
#pragma once

#include <semaphore>

class Limiter {
 public:
  explicit Limiter(int max_users) : free_(max_users) {}

  void acquire() { free_.acquire(); }
  bool try_acquire() { return free_.try_acquire(); }
  void release() { free_.release(); }

 private:
  static constexpr std::ptrdiff_t kMostUsers = 1 << 20;
  std::counting_semaphore<kMostUsers> free_;
};
