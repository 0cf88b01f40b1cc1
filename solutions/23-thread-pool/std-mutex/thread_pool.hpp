// Exercise 23, solved with std::mutex, std::condition_variable and a queue of
// std::packaged_task.
//
// A packaged_task owns the callable and the promise of its future: running it stores the result,
// or the exception the callable threw, so nothing is lost on the way back to the caller. Every
// access to the queue and to the stopping_ flag holds mutex_, and the flag is set before the
// notify, under the mutex: a worker either sees it when it checks, or is already asleep and gets
// the notify. shutdown() joins the workers exactly once (std::call_once); a second caller waits
// until the first has finished.
#pragma once

#include <condition_variable>
#include <future>
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
    std::packaged_task<std::invoke_result_t<F>()> task(std::move(f));
    auto future = task.get_future();
    {
      std::lock_guard<std::mutex> lock(mutex_);
      // Checked under the same lock as the push: a submit either comes before shutdown() set
      // the flag, and its task is queued in time to run, or after, and throws.
      if (stopping_) throw std::runtime_error("ThreadPool::submit() after shutdown()");
      tasks_.emplace(std::move(task));  // a packaged_task<R()> is a callable returning void
    }
    ready_.notify_one();
    return future;
  }

  // Finishes every task already submitted, then joins the workers. submit() after it throws.
  void shutdown() {
    std::call_once(joined_, [this] {
      {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;  // first the change, under the lock...
      }
      ready_.notify_all();  // ...then the wake-up: no worker can miss it
      for (std::thread& worker : workers_) worker.join();
    });
  }

  ~ThreadPool() { shutdown(); }

 private:
  void Work() {
    for (;;) {
      std::packaged_task<void()> task;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        // The predicate is checked again after every wake-up, spurious ones included.
        ready_.wait(lock, [this] { return !tasks_.empty() || stopping_; });
        if (tasks_.empty()) return;  // stopping, and the queue is drained
        task = std::move(tasks_.front());
        tasks_.pop();
      }
      task();  // outside the lock: other workers take tasks meanwhile
    }
  }

  std::mutex mutex_;
  std::condition_variable ready_;                 // a task was queued, or shutdown() began
  std::queue<std::packaged_task<void()>> tasks_;  // guarded by mutex_
  bool stopping_ = false;                         // guarded by mutex_
  std::once_flag joined_;
  std::vector<std::thread> workers_;
};
