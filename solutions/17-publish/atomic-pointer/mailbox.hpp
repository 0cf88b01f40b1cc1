// Exercise 17, solved with an atomic pointer: the message is built in a vector of its own, and
// the pointer to it is the flag. nullptr means "not yet"; storing the pointer with release
// publishes the vector it points to, and a reader that loads it with acquire sees the whole of it.
#pragma once

#include <atomic>
#include <utility>
#include <vector>

class Mailbox {
 public:
  Mailbox() = default;
  Mailbox(const Mailbox&) = delete;
  Mailbox& operator=(const Mailbox&) = delete;
  ~Mailbox() { delete message_.load(std::memory_order_acquire); }

  void publish(std::vector<long> message) {
    const auto* built = new std::vector<long>(std::move(message));
    message_.store(built, std::memory_order_release);
  }

  const std::vector<long>* try_read() const { return message_.load(std::memory_order_acquire); }

 private:
  std::atomic<const std::vector<long>*> message_{nullptr};
};
