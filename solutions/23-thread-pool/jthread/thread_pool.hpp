// Exercise 23, solved with std::jthread and std::stop_token.
//
// Each worker is a std::jthread: it carries a stop token, and asking it to stop wakes its wait
// on a std::condition_variable_any (the wait that takes a stop token). A worker that was asked to
// stop still drains the queue first, so every task submitted before shutdown() runs. The
// stopping_ flag is still needed, under the mutex: it is what makes a later submit() throw.
// shutdown() joins exactly once (std::call_once); a jthread would join in its destructor too, but
// only after the members that the workers use are gone, so the destructor calls shutdown().
#pragma once

#include <condition_variable>
#include <future>
#include <mutex>
#include <queue>
#include <stdexcept>
#include <stop_token>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

class ThreadPool {
 public:
  // Starts `threads` worker threads (threads >= 1).
  explicit ThreadPool(int threads) {
    for (int i = 0; i < threads; ++i) {
      workers_.emplace_back([this](std::stop_token stop) { Work(stop); });
    }
  }

  // Runs f() on a pool thread; the future carries its result or its exception.
  template <class F>
  std::future<std::invoke_result_t<F>> submit(F f) {
    std::packaged_task<std::invoke_result_t<F>()> task(std::move(f));
    auto future = task.get_future();
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (stopping_) throw std::runtime_error("ThreadPool::submit() after shutdown()");
      tasks_.emplace(std::move(task));
    }
    ready_.notify_one();
    return future;
  }

  // Finishes every task already submitted, then joins the workers. submit() after it throws.
  void shutdown() {
    std::call_once(joined_, [this] {
      {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
      }
      for (std::jthread& worker : workers_) worker.request_stop();  // wakes their waits
      for (std::jthread& worker : workers_) worker.join();
    });
  }

  ~ThreadPool() { shutdown(); }

 private:
  void Work(std::stop_token stop) {
    for (;;) {
      std::packaged_task<void()> task;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        // Returns once the queue has a task, or once a stop was requested.
        ready_.wait(lock, stop, [this] { return !tasks_.empty(); });
        if (tasks_.empty()) return;  // asked to stop, and the queue is drained
        task = std::move(tasks_.front());
        tasks_.pop();
      }
      task();
    }
  }

  std::mutex mutex_;
  std::condition_variable_any ready_;             // a task was queued (stops wake it too)
  std::queue<std::packaged_task<void()>> tasks_;  // guarded by mutex_
  bool stopping_ = false;                         // guarded by mutex_
  std::once_flag joined_;
  std::vector<std::jthread> workers_;
};
