// A wrong fix of exercise 10: the decrement is atomic, but whether to delete is decided by a
// second, separate load of the count. Another owner may decrement between the two: then both
// see zero and delete (a double free), or one reads the count after the other freed it. Even
// when it goes right, an owner's load is not ordered before the free: a data race, every run.
// racelab-expects: data-race or double-free or use-after-free
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
    count_->fetch_sub(1, std::memory_order_acq_rel);
    if (count_->load(std::memory_order_acquire) == 0) {
      delete object_;
      delete count_;
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
