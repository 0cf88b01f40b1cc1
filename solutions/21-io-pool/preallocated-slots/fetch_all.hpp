// Exercise 21, solved with preallocated slots: the vector gets all n results' places before any
// thread starts, and each thread writes only results[i] for the indices it took. Different
// elements are different memory, so the threads share nothing that they write.
#pragma once

#include <atomic>
#include <cstddef>
#include <exception>
#include <functional>
#include <string>
#include <thread>
#include <vector>

// Calls fetch(i) for every i in [0, n) on `workers` threads (fetch blocks, like I/O) and
// returns the results indexed by i.
inline std::vector<std::string> fetch_all(int n, int workers,
                                          const std::function<std::string(int)>& fetch) {
  std::vector<std::string> results(static_cast<std::size_t>(n));  // one slot per call
  std::atomic<int> next{0};                                       // the next index to fetch
  std::vector<std::exception_ptr> errors(static_cast<std::size_t>(workers));
  std::vector<std::thread> threads;
  for (int w = 0; w < workers; ++w) {
    threads.emplace_back([&, w] {
      try {
        for (int i = next++; i < n; i = next++) results[static_cast<std::size_t>(i)] = fetch(i);
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
