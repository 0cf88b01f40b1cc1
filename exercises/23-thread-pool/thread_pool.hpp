// Exercise 23 (capstone): a thread pool.
//
// A pool starts a few threads once and hands them work as it comes: submit(f) puts f in a queue
// and returns at once with a std::future; a worker thread takes f from the queue, runs it, and
// puts its result (or the exception it threw) in the future. shutdown() lets the workers finish
// every task already submitted, then joins them; the destructor shuts down if nobody did.
//
// This pool looks finished, and it runs a task or two, but it breaks several of the promises
// that README.md lists. Find each one.
//
// Task: make ThreadPool keep every promise of README.md. Keep the public interface as it is.
#pragma once

#include <condition_variable>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <queue>
#include <stdexcept>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

class ThreadPool {
 public:
  // Starts `threads` worker threads (threads >= 1).
  explicit ThreadPool(int threads) {
    for (int i = 0; i < threads; ++i) workers_.emplace_back([this] { Work(); });
  }

  // Runs f() on a pool thread; the future carries its result or its exception.
  template <class F>
  std::future<std::invoke_result_t<F>> submit(F f) {
    using Result = std::invoke_result_t<F>;
    if (stopping_) throw std::runtime_error("ThreadPool::submit() after shutdown()");
    auto promise = std::make_shared<std::promise<Result>>();
    std::future<Result> future = promise->get_future();
    {
      std::lock_guard<std::mutex> lock(mutex_);
      tasks_.push([promise, f = std::move(f)]() mutable {
        try {
          if constexpr (std::is_void_v<Result>) {
            f();
            promise->set_value();
          } else {
            promise->set_value(f());
          }
        } catch (...) {
          // A task that throws must not take its worker thread down with it.
        }
      });
    }
    ready_.notify_one();
    return future;
  }

  // Finishes every task already submitted, then stops the workers. submit() after it throws.
  void shutdown() {
    ready_.notify_all();  // wake every worker, so that each sees stopping_ and ends
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }

  ~ThreadPool() { shutdown(); }

 private:
  // What each worker thread runs: take a task, run it, until the queue is empty and
  // shutdown() was called.
  void Work() {
    for (;;) {
      std::function<void()> task;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        ready_.wait(lock, [this] { return !tasks_.empty() || stopping_; });
        if (tasks_.empty()) return;  // stopping, and nothing left to do
        task = std::move(tasks_.front());
        tasks_.pop();
      }
      task();
    }
  }

  std::mutex mutex_;
  std::condition_variable ready_;            // a task was queued, or shutdown() began
  std::queue<std::function<void()>> tasks_;  // guarded by mutex_
  bool stopping_ = false;                    // true once shutdown() began
  std::vector<std::thread> workers_;
};
