// Exercise 15, solved with std::jthread: it hands its function a std::stop_token, and
// request_stop() sets it (thread-safely, once). The jthread's destructor would request a stop
// and join by itself; stop() does the same, under a mutex, so that several threads can call it.
#pragma once

#include <atomic>
#include <functional>
#include <mutex>
#include <stop_token>
#include <thread>
#include <utility>

class Ticker {
 public:
  explicit Ticker(std::function<void()> tick)
      : tick_(std::move(tick)), thread_([this](std::stop_token stop) { Run(stop); }) {}

  // Returns after the last tick() has finished; no tick() starts after it.
  void stop() {
    thread_.request_stop();
    // join() may be called once: the others wait here until it has returned.
    std::lock_guard<std::mutex> lock(join_mutex_);
    if (thread_.joinable()) thread_.join();
  }

  ~Ticker() { stop(); }

  long ticks() const { return ticks_.load(std::memory_order_relaxed); }

 private:
  void Run(const std::stop_token& stop) {
    while (!stop.stop_requested()) {
      tick_();
      ticks_.fetch_add(1, std::memory_order_relaxed);
    }
  }

  std::function<void()> tick_;
  std::atomic<long> ticks_{0};
  std::mutex join_mutex_;
  std::jthread thread_;  // last: it starts running Run() once the members above are ready
};
