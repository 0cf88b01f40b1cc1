// Exercise 17: one thread leaves a message, any thread may pick it up.
//
// publish() writes the message, then raises the flag ready_; try_read() looks at the flag and,
// once it is up, hands out the message. The flag is atomic, so the flag itself is never torn.
// But its store and its load are relaxed, and a relaxed atomic orders nothing but itself: a
// reader that sees the flag up is not promised to see the message written before it. Reading
// the message then is a data race, as if there were no flag at all.
//
// Task: make try_read() safe from any thread, at any time, so that a reader that gets the
// message sees all of it. Keep the public interface as it is, and use no lock.
#pragma once

#include <atomic>
#include <utility>
#include <vector>

class Mailbox {
 public:
  // Called once, by one thread.
  void publish(std::vector<long> message) {
    message_ = std::move(message);
    ready_.store(true, std::memory_order_relaxed);
  }

  // nullptr until published, then the whole message, from any thread.
  const std::vector<long>* try_read() const {
    return ready_.load(std::memory_order_relaxed) ? &message_ : nullptr;
  }

 private:
  std::vector<long> message_;
  std::atomic<bool> ready_{false};
};
