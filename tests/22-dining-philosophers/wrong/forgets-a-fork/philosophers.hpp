// A wrong fix: the global order is right, but the second fork is never put back. The next
// philosopher who wants it (this one included, at its next meal) waits for ever.
// racelab-expects: deadlock
#pragma once

#include <algorithm>
#include <cstddef>
#include <functional>
#include <mutex>
#include <vector>

inline void dine_once(std::size_t seat, std::vector<std::mutex>& forks,
                      const std::function<void()>& eat) {
  const std::size_t left = seat;
  const std::size_t right = (seat + 1) % forks.size();
  forks[std::min(left, right)].lock();
  forks[std::max(left, right)].lock();
  eat();
  forks[std::min(left, right)].unlock();
}
