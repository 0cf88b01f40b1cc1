// Exercise 21, solved with a lock: the threads still append to one shared vector, but under a
// mutex, and each result carries its index, so that the vector can be put in order at the end.
// fetch itself is called outside the lock: held across the call, the lock would let only one
// thread wait at a time.
#pragma once

#include <algorithm>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

// Calls fetch(i) for every i in [0, n) on `workers` threads (fetch blocks, like I/O) and
// returns the results indexed by i.
inline std::vector<std::string> fetch_all(int n, int workers,
                                          const std::function<std::string(int)>& fetch) {
  std::mutex mutex;  // guards the three below
  int next = 0;
  std::vector<std::pair<int, std::string>> done;  // (i, fetch(i)), in the order they finished
  std::exception_ptr error;                       // the first exception from fetch
  std::vector<std::thread> threads;
  for (int w = 0; w < workers; ++w) {
    threads.emplace_back([&] {
      for (;;) {
        int i = 0;
        {
          std::lock_guard<std::mutex> lock(mutex);
          if (next >= n || error) return;
          i = next++;
        }
        try {
          std::string result = fetch(i);  // the slow part, unlocked
          std::lock_guard<std::mutex> lock(mutex);
          done.emplace_back(i, std::move(result));
        } catch (...) {
          std::lock_guard<std::mutex> lock(mutex);
          if (!error) error = std::current_exception();
          return;
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  if (error) std::rethrow_exception(error);
  std::sort(done.begin(), done.end());
  std::vector<std::string> results;
  results.reserve(done.size());
  for (auto& [i, result] : done) results.push_back(std::move(result));
  return results;
}
