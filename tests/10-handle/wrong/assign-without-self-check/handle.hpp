// A wrong fix of exercise 10: the count is right, but copy assignment was rewritten to release
// the old object first and then take the new one. For h = h, when h is the only owner, the
// release deletes the object and the control block, and h then takes a reference to what was
// just freed. One thread does all of it, so there is no race, but the test sees the object
// deleted while h still points to it, and ThreadSanitizer reports the increment of the freed
// count as a heap-use-after-free.
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
    Handle(std::move(other)).swap(*this);
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
  void swap(Handle& other) noexcept {
    std::swap(object_, other.object_);
    std::swap(count_, other.count_);
  }

  T* object_ = nullptr;
  std::atomic<long>* count_ = nullptr;
};
