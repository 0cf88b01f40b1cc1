// Exercise 22, solved with an arbiter that seats at most forks.size() - 1 philosophers at once.
// With one chair empty, at least one seated philosopher has both its neighbours' forks within
// reach of nobody else: it eats, puts them back, and the others go on. The left-then-right order
// stays; only the number at the table changes.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <vector>

inline void dine_once(std::size_t seat, std::vector<std::mutex>& forks,
                      const std::function<void()>& eat) {
  static std::mutex chairs_mutex;  // one arbiter for every table: at most size - 1 seated
  static std::condition_variable chair_free;
  static std::size_t seated = 0;
  {
    std::unique_lock<std::mutex> lock(chairs_mutex);
    chair_free.wait(lock, [&] { return seated < forks.size() - 1; });
    ++seated;
  }
  {
    std::lock_guard<std::mutex> left(forks[seat]);
    std::lock_guard<std::mutex> right(forks[(seat + 1) % forks.size()]);
    eat();
  }
  {
    std::lock_guard<std::mutex> lock(chairs_mutex);
    --seated;
  }
  chair_free.notify_one();
}
