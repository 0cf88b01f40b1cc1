// Correct, but not this lesson: a mutex around the flag and the message. Its lock and unlock
// carry the same acquire and release, hidden inside; here the ordering must be written on the
// atomic itself, and every reader pays for a lock it does not need.
// racelab-expects: constraint
#pragma once

#include <mutex>
#include <utility>
#include <vector>

class Mailbox {
 public:
  void publish(std::vector<long> message) {
    std::lock_guard<std::mutex> lock(mutex_);
    message_ = std::move(message);
    ready_ = true;
  }

  const std::vector<long>* try_read() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return ready_ ? &message_ : nullptr;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<long> message_;
  bool ready_ = false;
};
