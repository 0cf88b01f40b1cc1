// A wrong fix: everyone takes the right fork first. The circle is the same one turned the other
// way: if all pick up their right fork at once, each waits for its left neighbour's.
// racelab-expects: deadlock
#pragma once

#include <cstddef>
#include <functional>
#include <mutex>
#include <vector>

inline void dine_once(std::size_t seat, std::vector<std::mutex>& forks,
                      const std::function<void()>& eat) {
  std::lock_guard<std::mutex> right(forks[(seat + 1) % forks.size()]);
  std::lock_guard<std::mutex> left(forks[seat]);
  eat();
}
