// Exercise 15, solved with absl::Notification: a one-shot event. Notify() may be called once;
// HasBeenNotified() is safe from any thread. std::call_once makes the stop happen once, and
// every other caller of stop() waits in call_once until it has.
#pragma once

#include <absl/synchronization/notification.h>

#include <atomic>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>

class Ticker {
 public:
  explicit Ticker(std::function<void()> tick)
      : tick_(std::move(tick)), thread_([this] { Run(); }) {}

  // Returns after the last tick() has finished; no tick() starts after it.
  void stop() {
    std::call_once(stopped_, [this] {
      stop_requested_.Notify();
      thread_.join();
    });
  }

  ~Ticker() { stop(); }

  long ticks() const { return ticks_.load(std::memory_order_relaxed); }

 private:
  void Run() {
    while (!stop_requested_.HasBeenNotified()) {
      tick_();
      ticks_.fetch_add(1, std::memory_order_relaxed);
    }
  }

  std::function<void()> tick_;
  absl::Notification stop_requested_;
  std::atomic<long> ticks_{0};
  std::once_flag stopped_;
  std::thread thread_;  // last: it starts running Run() once the members above are ready
};
