// A wrong fix for 23: every bug fixed but one. A task's exception is caught and dropped, so the
// promise is destroyed without a value: future.get() throws std::future_error (broken promise)
// instead of the task's own exception.
// racelab-expects: wrong-result
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
  explicit ThreadPool(int threads) {
    for (int i = 0; i < threads; ++i) workers_.emplace_back([this] { Work(); });
  }

  template <class F>
  std::future<std::invoke_result_t<F>> submit(F f) {
    using Result = std::invoke_result_t<F>;
    auto promise = std::make_shared<std::promise<Result>>();
    std::future<Result> future = promise->get_future();
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (stopping_) throw std::runtime_error("ThreadPool::submit() after shutdown()");
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

  void shutdown() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    ready_.notify_all();
    std::lock_guard<std::mutex> lock(join_mutex_);  // one shutdown() joins, the others wait
    for (std::thread& worker : workers_) {
      if (worker.joinable()) worker.join();
    }
  }

  ~ThreadPool() { shutdown(); }

 private:
  void Work() {
    for (;;) {
      std::function<void()> task;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        ready_.wait(lock, [this] { return !tasks_.empty() || stopping_; });
        if (tasks_.empty()) return;
        task = std::move(tasks_.front());
        tasks_.pop();
      }
      task();
    }
  }

  std::mutex mutex_;
  std::condition_variable ready_;
  std::queue<std::function<void()>> tasks_;
  bool stopping_ = false;
  std::mutex join_mutex_;
  std::vector<std::thread> workers_;
};
