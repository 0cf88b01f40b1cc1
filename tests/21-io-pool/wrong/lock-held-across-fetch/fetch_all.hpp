// A wrong fix for 21: preallocated slots, but each thread holds one shared lock while it calls
// fetch. The threads take turns: only one of them waits at a time.
// racelab-expects: deadlock
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
  std::mutex mutex;
  int next = 0;
  std::vector<std::exception_ptr> errors(static_cast<std::size_t>(workers));
  std::vector<std::thread> threads;
  for (int w = 0; w < workers; ++w) {
    threads.emplace_back([&, w] {
      try {
        for (;;) {
          std::lock_guard<std::mutex> lock(mutex);
          if (next >= n) return;
          const int i = next++;
          results[static_cast<std::size_t>(i)] = fetch(i);
        }
      } catch (...) {
        errors[static_cast<std::size_t>(w)] = std::current_exception();
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const std::exception_ptr& error : errors) {
    if (error) std::rethrow_exception(error);
  }
  return results;
}
