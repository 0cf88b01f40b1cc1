// A wrong fix of exercise 10: the assignments guard against self-assignment, but still release
// the old object before taking the new one. That breaks when the source lives inside the old
// object: with `head` the only owner of node 1, head = head->next deletes node 1, and with it
// the handle being copied and the nodes after it. One thread does all of it, so there is no
// race, but the test sees the nodes deleted while head still points to one of them, and
// ThreadSanitizer reports the reads of the destroyed handle as a heap-use-after-free.
// racelab-expects: use-after-free
#pragma once

#include <atomic>
#include <utility>

template <class T>
class Handle {
 public:
  Handle() = default;
  explicit Handle(T* object) : object_(object), count_(new std::atomic<long>(1)) {}

  Handle(const Handle& other) : object_(other.object_), count_(other.count_) {
    if (count_ != nullptr) count_->fetch_add(1, std::memory_order_relaxed);
  }
  Handle& operator=(const Handle& other) {
    if (this == &other) return *this;
    release();
    object_ = other.object_;
    count_ = other.count_;
    if (count_ != nullptr) count_->fetch_add(1, std::memory_order_relaxed);
    return *this;
  }
  Handle(Handle&& other) noexcept
      : object_(std::exchange(other.object_, nullptr)),
        count_(std::exchange(other.count_, nullptr)) {}
  Handle& operator=(Handle&& other) noexcept {
    if (this == &other) return *this;
    release();
    object_ = std::exchange(other.object_, nullptr);
    count_ = std::exchange(other.count_, nullptr);
    return *this;
  }

  ~Handle() { release(); }

  T* get() const { return object_; }
  T& operator*() const { return *object_; }
  T* operator->() const { return object_; }
  long use_count() const { return count_ == nullptr ? 0 : count_->load(std::memory_order_relaxed); }

 private:
  void release() {
    if (count_ != nullptr && count_->fetch_sub(1, std::memory_order_acq_rel) == 1) {
      delete object_;
      delete count_;
    }
  }

  T* object_ = nullptr;
  std::atomic<long>* count_ = nullptr;
};
