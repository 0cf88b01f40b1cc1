// Exercise 15: a worker thread that can be asked to stop.
//
// A Ticker starts a thread that calls tick() over and over, until stop() is called. A thread
// cannot be killed from outside: it must notice by itself that it should end, so stop() raises a
// flag and the thread checks it between two ticks. Here the flag is a plain bool, written by
// the thread that calls stop() and read by the ticking thread at the same time: a data race.
// The compiler may even read it once and never look at it again. The tick count has the same
// problem.
//
// Task: make stop() safe to call from any thread, any number of times, prompt (it waits only for
// the tick in progress) and final (no tick() starts once it has returned). Keep the public
// interface as it is.
#pragma once

#include <functional>
#include <thread>
#include <utility>

class Ticker {
 public:
  // Starts a thread that calls tick() over and over.
  explicit Ticker(std::function<void()> tick)
      : tick_(std::move(tick)), thread_([this] { Run(); }) {}

  // Returns after the last tick() has finished; no tick() starts after it.
  void stop() {
    stopping_ = true;
    if (thread_.joinable()) thread_.join();
  }

  // Stops, if stop() was not called.
  ~Ticker() { stop(); }

  // How many calls of tick() have returned; read while the ticker runs.
  long ticks() const { return ticks_; }

 private:
  void Run() {
    while (!stopping_) {
      tick_();
      ++ticks_;
    }
  }

  std::function<void()> tick_;
  bool stopping_ = false;
  long ticks_ = 0;
  std::thread thread_;  // last: it starts running Run() once the members above are ready
};
