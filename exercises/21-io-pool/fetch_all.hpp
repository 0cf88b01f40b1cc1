// Exercise 21: many slow calls, overlapped on a few threads.
//
// fetch(i) blocks, like a download or a database query: the thread that calls it sleeps until
// the answer comes. One thread would wait for each answer in turn; `workers` threads wait for
// `workers` answers at once. Here each thread takes the next index and appends what fetch
// returned to `results`, a vector shared by all of them: two threads can push_back at the same
// moment (a data race, which can lose results or corrupt the vector), and the results land in the
// order the calls finish, not in the order of i.
//
// Task: keep the threads, but let each result reach its own place, results[i], with no data
// race: preallocated slots, a lock, or futures. Keep the rest as it is: at most `workers` threads
// call fetch at once, and an exception from fetch comes out of fetch_all after every thread has
// been joined.
#pragma once

#include <atomic>
#include <exception>
#include <functional>
#include <string>
#include <thread>
#include <vector>

// Calls fetch(i) for every i in [0, n) on `workers` threads (fetch blocks, like I/O) and
// returns the results indexed by i.
inline std::vector<std::string> fetch_all(int n, int workers,
                                          const std::function<std::string(int)>& fetch) {
  std::vector<std::string> results;
  std::atomic<int> next{0};                         // the next index to fetch
  std::vector<std::exception_ptr> errors(workers);  // one per thread: what its fetch threw
  std::vector<std::thread> threads;
  for (int w = 0; w < workers; ++w) {
    threads.emplace_back([&, w] {
      try {
        for (int i = next++; i < n; i = next++) results.push_back(fetch(i));
      } catch (...) {
        errors[w] = std::current_exception();
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const std::exception_ptr& error : errors) {
    if (error) std::rethrow_exception(error);
  }
  return results;
}
