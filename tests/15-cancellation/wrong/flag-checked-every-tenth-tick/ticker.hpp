// A wrong fix for 15: to save time, the thread checks the flag only after every ten ticks. Then
// stop() waits for up to nine more ticks after the one in progress: final, but not prompt.
// racelab-expects: wrong-result
#pragma once

#include <atomic>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>

class Ticker {
 public:
  explicit Ticker(std::function<void()> tick)
      : tick_(std::move(tick)), thread_([this] { Run(); }) {}

  void stop() {
    stopping_.store(true);
    std::lock_guard<std::mutex> lock(join_mutex_);
    if (thread_.joinable()) thread_.join();
  }

  ~Ticker() { stop(); }

  long ticks() const { return ticks_.load(); }

 private:
  void Run() {
    while (!stopping_.load()) {
      for (int i = 0; i < 10; ++i) {
        tick_();
        ticks_.fetch_add(1);
      }
    }
  }

  std::function<void()> tick_;
  std::atomic<bool> stopping_{false};
  std::atomic<long> ticks_{0};
  std::mutex join_mutex_;
  std::thread thread_;
};
