// Exercise 15, solved with an atomic flag: stop() stores true with release, the ticking thread
// loads it with acquire before each tick. (The join orders everything the thread did before
// stop() returns, so the flag itself carries no data; release/acquire is what a flag that does
// publish something needs, and costs nothing here.)
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

  // Returns after the last tick() has finished; no tick() starts after it.
  void stop() {
    stopping_.store(true, std::memory_order_release);
    // join() may be called once: the others wait here until it has returned.
    std::lock_guard<std::mutex> lock(join_mutex_);
    if (thread_.joinable()) thread_.join();
  }

  ~Ticker() { stop(); }

  long ticks() const { return ticks_.load(std::memory_order_relaxed); }

 private:
  void Run() {
    while (!stopping_.load(std::memory_order_acquire)) {
      tick_();
      ticks_.fetch_add(1, std::memory_order_relaxed);
    }
  }

  std::function<void()> tick_;
  std::atomic<bool> stopping_{false};
  std::atomic<long> ticks_{0};
  std::mutex join_mutex_;
  std::thread thread_;  // last: it starts running Run() once the members above are ready
};
