// A wrong fix: try both forks and, if either is taken, put back what was taken and leave without
// eating. Nobody ever blocks, so nothing can deadlock, but a philosopher whose neighbour is
// eating goes hungry: dine_once must eat every time it is called.
// racelab-expects: wrong-result
#pragma once

#include <cstddef>
#include <functional>
#include <mutex>
#include <vector>

inline void dine_once(std::size_t seat, std::vector<std::mutex>& forks,
                      const std::function<void()>& eat) {
  std::mutex& left = forks[seat];
  std::mutex& right = forks[(seat + 1) % forks.size()];
  if (!left.try_lock()) return;
  if (!right.try_lock()) {
    left.unlock();
    return;
  }
  eat();
  right.unlock();
  left.unlock();
}
