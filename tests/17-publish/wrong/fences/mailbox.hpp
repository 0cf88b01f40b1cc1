// A fence-based version: a release fence before the relaxed store, an acquire fence after the
// relaxed load that saw it. The C++ memory model accepts it, but the ThreadSanitizer of GCC 12,
// the lab's, does not model std::atomic_thread_fence: it sees two relaxed accesses and reports
// the read of the message as a data race. The verdict says so; the fix the lab accepts puts the
// ordering on the flag's own store and load.
// racelab-expects: data-race
#pragma once

#include <atomic>
#include <utility>
#include <vector>

class Mailbox {
 public:
  void publish(std::vector<long> message) {
    message_ = std::move(message);
    std::atomic_thread_fence(std::memory_order_release);
    ready_.store(true, std::memory_order_relaxed);
  }

  const std::vector<long>* try_read() const {
    if (!ready_.load(std::memory_order_relaxed)) return nullptr;
    std::atomic_thread_fence(std::memory_order_acquire);
    return &message_;
  }

 private:
  std::vector<long> message_;
  std::atomic<bool> ready_{false};
};
