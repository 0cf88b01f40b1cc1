// A wrong fix for 21: preallocated slots on detached threads, and the caller waits until they
// are all done or one of them failed, then rethrows at once. The other threads are still inside
// fetch: they use the caller's `fetch` after fetch_all has returned, while the caller already
// reuses that memory (ThreadSanitizer reports the two as a data race).
// racelab-expects: data-race
#pragma once

#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

inline std::vector<std::string> fetch_all(int n, int workers,
                                          const std::function<std::string(int)>& fetch) {
  struct Shared {
    std::mutex mutex;
    std::condition_variable changed;
    int next = 0;
    int running = 0;
    std::exception_ptr error;
    std::vector<std::string> results;
  };
  auto shared = std::make_shared<Shared>();
  shared->results.resize(static_cast<std::size_t>(n));
  shared->running = workers;
  for (int w = 0; w < workers; ++w) {
    std::thread([shared, n, &fetch] {
      for (;;) {
        std::unique_lock<std::mutex> lock(shared->mutex);
        if (shared->next >= n) break;
        const int i = shared->next++;
        lock.unlock();
        try {
          std::string result = fetch(i);
          lock.lock();
          shared->results[static_cast<std::size_t>(i)] = std::move(result);
        } catch (...) {
          lock.lock();
          shared->error = std::current_exception();
          break;
        }
      }
      std::lock_guard<std::mutex> lock(shared->mutex);
      --shared->running;
      shared->changed.notify_all();
    }).detach();
  }
  std::unique_lock<std::mutex> lock(shared->mutex);
  shared->changed.wait(lock, [&] { return shared->running == 0 || shared->error; });
  if (shared->error) std::rethrow_exception(shared->error);
  return shared->results;
}
