// A wrong fix of exercise 10: the release first reads the count to see whether it is the last
// owner, then decrements in a second step. Every access is atomic and ordered, so
// ThreadSanitizer has nothing to report, but two owners that both read 2 both decrement, and
// neither deletes: the object leaks. The tests yield after every atomic load, so the owners
// dropping one item all read the count before any of them decrements.
// racelab-expects: leak
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
    Handle(other).swap(*this);
    return *this;
  }
  Handle(Handle&& other) noexcept
      : object_(std::exchange(other.object_, nullptr)),
        count_(std::exchange(other.count_, nullptr)) {}
  Handle& operator=(Handle&& other) noexcept {
    Handle(std::move(other)).swap(*this);
    return *this;
  }

  ~Handle() {
    if (count_ == nullptr) return;
    if (count_->load(std::memory_order_acquire) == 1) {  // the last owner?
      delete object_;
      delete count_;
    } else {
      count_->fetch_sub(1, std::memory_order_acq_rel);
    }
  }

  T* get() const { return object_; }
  T& operator*() const { return *object_; }
  T* operator->() const { return object_; }
  long use_count() const { return count_ == nullptr ? 0 : count_->load(std::memory_order_relaxed); }

 private:
  void swap(Handle& other) noexcept {
    std::swap(object_, other.object_);
    std::swap(count_, other.count_);
  }

  T* object_ = nullptr;
  std::atomic<long>* count_ = nullptr;
};
