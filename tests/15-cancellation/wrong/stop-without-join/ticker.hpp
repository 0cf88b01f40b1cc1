// A wrong fix for 15: an atomic flag, but stop() only raises it and returns; the thread is
// joined in the destructor. The tick in progress may still be running when stop() returns, and
// whoever called stop() goes on as if the ticking were over.
// racelab-expects: wrong-result
#pragma once

#include <atomic>
#include <functional>
#include <thread>
#include <utility>

class Ticker {
 public:
  explicit Ticker(std::function<void()> tick)
      : tick_(std::move(tick)), thread_([this] { Run(); }) {}

  void stop() { stopping_.store(true); }

  ~Ticker() {
    stop();
    thread_.join();
  }

  long ticks() const { return ticks_.load(); }

 private:
  void Run() {
    while (!stopping_.load()) {
      tick_();
      ticks_.fetch_add(1);
    }
  }

  std::function<void()> tick_;
  std::atomic<bool> stopping_{false};
  std::atomic<long> ticks_{0};
  std::thread thread_;
};
