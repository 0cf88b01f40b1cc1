// Exercise 22, solved with an arbiter: a waiter. A philosopher asks the waiter before it reaches
// for a fork and keeps the waiter busy until it holds both. Only one philosopher at a time is
// picking up forks, so no circle can form: the one with the waiter waits at most for a neighbour
// who is eating, and eating ends without the waiter.
#pragma once

#include <cstddef>
#include <functional>
#include <mutex>
#include <vector>

inline void dine_once(std::size_t seat, std::vector<std::mutex>& forks,
                      const std::function<void()>& eat) {
  static std::mutex waiter;  // one waiter for every table
  std::unique_lock<std::mutex> left;
  std::unique_lock<std::mutex> right;
  {
    std::lock_guard<std::mutex> ask(waiter);
    left = std::unique_lock<std::mutex>(forks[seat]);
    right = std::unique_lock<std::mutex>(forks[(seat + 1) % forks.size()]);
  }  // the waiter is free again: the next philosopher may pick up forks while this one eats
  eat();
}
