// Exercise 23, solved with absl::Mutex and Await.
//
// A worker does not wait on a condition variable and a notify: it holds the mutex in
// LockWhen(condition), which returns once the condition is true. Abseil checks the condition
// itself each time another thread releases the mutex, so no change made under the mutex can be
// missed, and no notify can be forgotten or sent too early. shutdown() joins the workers exactly
// once (absl::call_once); a second caller waits until the first has finished.
#pragma once

#include <future>
#include <queue>
#include <stdexcept>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/base/call_once.h"
#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

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
    absl::MutexLock lock(&mutex_);
    if (stopping_) throw std::runtime_error("ThreadPool::submit() after shutdown()");
    tasks_.emplace(std::move(task));
    return future;  // unlocking wakes a worker whose condition is now true
  }

  // Finishes every task already submitted, then joins the workers. submit() after it throws.
  void shutdown() {
    absl::call_once(joined_, [this] {
      {
        absl::MutexLock lock(&mutex_);
        stopping_ = true;
      }
      for (std::thread& worker : workers_) worker.join();
    });
  }

  ~ThreadPool() { shutdown(); }

 private:
  bool HasWorkOrStopping() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) {
    return !tasks_.empty() || stopping_;
  }

  void Work() {
    for (;;) {
      std::packaged_task<void()> task;
      {
        mutex_.LockWhen(absl::Condition(this, &ThreadPool::HasWorkOrStopping));
        if (tasks_.empty()) {  // stopping, and the queue is drained
          mutex_.Unlock();
          return;
        }
        task = std::move(tasks_.front());
        tasks_.pop();
        mutex_.Unlock();
      }
      task();
    }
  }

  absl::Mutex mutex_;
  std::queue<std::packaged_task<void()>> tasks_ ABSL_GUARDED_BY(mutex_);
  bool stopping_ ABSL_GUARDED_BY(mutex_) = false;
  absl::once_flag joined_;
  std::vector<std::thread> workers_;
};
