// A wrong fix for 15: an atomic flag and a join, but nothing keeps two threads from calling
// join() on the same thread at once. All of them find it joinable and join: a thread may be
// joined only once. (Without ThreadSanitizer the second join fails with a std::system_error
// that nobody catches; under it, the second join waits for good.)
// racelab-expects: deadlock
#pragma once

#include <atomic>
#include <functional>
#include <thread>
#include <utility>

class Ticker {
 public:
  explicit Ticker(std::function<void()> tick)
      : tick_(std::move(tick)), thread_([this] { Run(); }) {}

  void stop() {
    stopping_.store(true);
    if (thread_.joinable()) thread_.join();
  }

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
  std::thread thread_;
};
