// A wrong fix for 21: push_back under a lock. No more data race, but the results are in the
// order the calls finished, not in the order of i.
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
  std::vector<std::string> results;
  std::mutex mutex;
  std::atomic<int> next{0};
  std::vector<std::exception_ptr> errors(static_cast<std::size_t>(workers));
  std::vector<std::thread> threads;
  for (int w = 0; w < workers; ++w) {
    threads.emplace_back([&, w] {
      try {
        for (int i = next++; i < n; i = next++) {
          std::string result = fetch(i);
          std::lock_guard<std::mutex> lock(mutex);
          results.push_back(std::move(result));
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
