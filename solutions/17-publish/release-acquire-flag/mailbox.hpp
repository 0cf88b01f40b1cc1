// Exercise 17, solved with a release store and an acquire load of the flag. The release store
// publishes every write its thread made before it (the message); an acquire load that sees the
// stored value receives them all. Only the flag's own store and load carry the ordering.
#pragma once

#include <atomic>
#include <utility>
#include <vector>

class Mailbox {
 public:
  void publish(std::vector<long> message) {
    message_ = std::move(message);                  // first the message...
    ready_.store(true, std::memory_order_release);  // ...then the flag, publishing it
  }

  const std::vector<long>* try_read() const {
    // Acquire: if the flag is up, the message written before it is visible here too.
    return ready_.load(std::memory_order_acquire) ? &message_ : nullptr;
  }

 private:
  std::vector<long> message_;
  std::atomic<bool> ready_{false};
};
