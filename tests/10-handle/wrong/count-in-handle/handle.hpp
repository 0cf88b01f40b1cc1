// A wrong fix of exercise 10: each handle keeps a count of its own, and a copy raises both its
// own and its source's. Two handles agree, but a third copy updates only two of the three
// counts: the handles disagree on use_count(), and since none of the counts reaches zero when
// the last handle goes, the object leaks. Every access is atomic and no thread touches another
// thread's handle, so ThreadSanitizer has nothing to report. The count must be shared by all
// owners, in a block of its own.
// racelab-expects: leak or wrong-result
#pragma once

#include <atomic>
#include <utility>

template <class T>
class Handle {
 public:
  Handle() = default;
  explicit Handle(T* object) : object_(object), count_(1) {}

  Handle(const Handle& other)
      : object_(other.object_),
        count_(other.object_ == nullptr ? 0 : other.count_.fetch_add(1) + 1) {}
  Handle& operator=(const Handle& other) {
    Handle(other).swap(*this);
    return *this;
  }
  Handle(Handle&& other) noexcept
      : object_(std::exchange(other.object_, nullptr)), count_(other.count_.exchange(0)) {}
  Handle& operator=(Handle&& other) noexcept {
    Handle(std::move(other)).swap(*this);
    return *this;
  }

  ~Handle() {
    if (object_ != nullptr && count_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
      delete object_;
    }
  }

  T* get() const { return object_; }
  T& operator*() const { return *object_; }
  T* operator->() const { return object_; }
  long use_count() const { return count_.load(std::memory_order_relaxed); }

 private:
  void swap(Handle& other) noexcept {
    std::swap(object_, other.object_);
    count_ = other.count_.exchange(count_.load());
  }

  T* object_ = nullptr;
  mutable std::atomic<long> count_{0};  // this handle's own count: not shared
};
