// A wrong fix for 21: preallocated slots, but nothing catches an exception in the threads. An
// exception that leaves a thread's function ends the whole program (std::terminate).
// racelab-expects: crash
#pragma once

#include <atomic>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

inline std::vector<std::string> fetch_all(int n, int workers,
                                          const std::function<std::string(int)>& fetch) {
  std::vector<std::string> results(static_cast<std::size_t>(n));
  std::atomic<int> next{0};
  std::vector<std::thread> threads;
  for (int w = 0; w < workers; ++w) {
    threads.emplace_back([&] {
      for (int i = next++; i < n; i = next++) results[static_cast<std::size_t>(i)] = fetch(i);
    });
  }
  for (std::thread& thread : threads) thread.join();
  return results;
}
