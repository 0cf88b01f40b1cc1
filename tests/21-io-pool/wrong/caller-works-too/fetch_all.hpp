// A wrong fix for 21: preallocated slots on `workers` threads, and the calling thread fetches
// too while it would otherwise only wait: one thread more than `workers` calls fetch at once.
// racelab-expects: wrong-result
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
  std::vector<std::exception_ptr> errors(static_cast<std::size_t>(workers) + 1);
  const auto work = [&](int w) {
    try {
      for (int i = next++; i < n; i = next++) results[static_cast<std::size_t>(i)] = fetch(i);
    } catch (...) {
      errors[static_cast<std::size_t>(w)] = std::current_exception();
    }
  };
  std::vector<std::thread> threads;
  for (int w = 0; w < workers; ++w) threads.emplace_back(work, w);
  work(workers);
  for (std::thread& thread : threads) thread.join();
  for (const std::exception_ptr& error : errors) {
    if (error) std::rethrow_exception(error);
  }
  return results;
}
