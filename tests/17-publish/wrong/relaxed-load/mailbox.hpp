// A wrong fix: the store is release, the load still relaxed. Release and acquire work as a pair:
// the release store publishes the message, but only a load with acquire receives it.
// racelab-expects: data-race
#pragma once

#include <atomic>
#include <utility>
#include <vector>

class Mailbox {
 public:
  void publish(std::vector<long> message) {
    message_ = std::move(message);
    ready_.store(true, std::memory_order_release);
  }

  const std::vector<long>* try_read() const {
    return ready_.load(std::memory_order_relaxed) ? &message_ : nullptr;
  }

 private:
  std::vector<long> message_;
  std::atomic<bool> ready_{false};
};
