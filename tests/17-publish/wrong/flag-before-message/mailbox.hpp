// A wrong fix: release and acquire, but the flag is raised before the message is written. A
// release store publishes only what came before it: a reader can see the flag up while the
// message is still being written.
// racelab-expects: data-race
#pragma once

#include <atomic>
#include <utility>
#include <vector>

class Mailbox {
 public:
  void publish(std::vector<long> message) {
    ready_.store(true, std::memory_order_release);
    message_ = std::move(message);
  }

  const std::vector<long>* try_read() const {
    return ready_.load(std::memory_order_acquire) ? &message_ : nullptr;
  }

 private:
  std::vector<long> message_;
  std::atomic<bool> ready_{false};
};
