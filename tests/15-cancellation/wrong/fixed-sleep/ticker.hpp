// A wrong fix for 15: stop() raises the flag and sleeps, "long enough for the last tick". No
// sleep is long enough for every tick: stop() returns after 50 ms whether the tick in progress
// has finished or not.
// racelab-expects: wrong-result
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <thread>
#include <utility>

class Ticker {
 public:
  explicit Ticker(std::function<void()> tick)
      : tick_(std::move(tick)), thread_([this] { Run(); }) {}

  void stop() {
    stopping_.store(true);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }

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
