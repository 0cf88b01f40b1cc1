// A wrong fix for 15: the thread is detached, so nobody has to join it. But then nobody can wait
// for it either: stop() raises the flag and returns while the tick in progress still runs. And
// nothing orders what the detached thread did before whatever reuses the Ticker's memory next:
// ThreadSanitizer reports the next object built there as racing with the thread's last reads.
// racelab-expects: data-race
#pragma once

#include <atomic>
#include <functional>
#include <thread>
#include <utility>

class Ticker {
 public:
  explicit Ticker(std::function<void()> tick) : tick_(std::move(tick)) {
    std::thread([this] { Run(); }).detach();
  }

  void stop() { stopping_.store(true); }

  ~Ticker() { stop(); }

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
};
