// A wrong fix of exercise 10: the count is right, but the move constructor copies the pointers
// and leaves them in the source. A move must not change the count, and it does not, but now
// two handles own one reference: when both are destroyed, the count drops twice, so the object
// is deleted while another owner still uses it. The tests see a moved-from handle that is not
// empty, and head = std::move(head->next) deleting the node head is left pointing to; in the
// threaded tests, objects deleted twice and used after free.
// racelab-expects: use-after-free or data-race
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
  Handle(Handle&& other) noexcept : object_(other.object_), count_(other.count_) {}
  Handle& operator=(Handle&& other) noexcept {
    Handle(std::move(other)).swap(*this);
    return *this;
  }

  ~Handle() {
    if (count_ != nullptr && count_->fetch_sub(1, std::memory_order_acq_rel) == 1) {
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
