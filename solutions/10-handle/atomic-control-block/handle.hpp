// Exercise 10, solved with an atomic control block: the count lives in its own allocation, shared
// by every owner; a copy raises it with a relaxed fetch_add, a release lowers it with an acq_rel
// fetch_sub, and the owner whose fetch_sub returned 1 deletes.
#pragma once

#include <atomic>
#include <utility>

template <class T>
class Handle {
 public:
  Handle() = default;

  explicit Handle(T* object) : object_(object), count_(new std::atomic<long>(1)) {}

  // Relaxed is enough: whoever copies already owns a reference through `other`, so the count
  // cannot be at zero, and taking a reference publishes nothing to other threads.
  Handle(const Handle& other) : object_(other.object_), count_(other.count_) {
    if (count_ != nullptr) count_->fetch_add(1, std::memory_order_relaxed);
  }

  // Copy-and-swap: the new reference is taken before the old one is released, which keeps
  // `h = h` and `node = node->next` safe.
  Handle& operator=(const Handle& other) {
    Handle(other).swap(*this);
    return *this;
  }

  // A move hands the reference over: no other handle sees it, so the count does not change.
  Handle(Handle&& other) noexcept
      : object_(std::exchange(other.object_, nullptr)),
        count_(std::exchange(other.count_, nullptr)) {}

  Handle& operator=(Handle&& other) noexcept {
    Handle(std::move(other)).swap(*this);
    return *this;
  }

  // fetch_sub returns the count from before, in the same atomic step as the decrement, so
  // exactly one owner sees 1 and deletes; a second load to check for zero would come too late.
  // acq_rel: the release half publishes this owner's writes to the object; the acquire half,
  // in the owner that deletes, makes the writes of every owner that let go before it happen
  // before the delete.
  ~Handle() {
    if (count_ != nullptr && count_->fetch_sub(1, std::memory_order_acq_rel) == 1) {
      delete object_;
      delete count_;
    }
  }

  T* get() const { return object_; }
  T& operator*() const { return *object_; }
  T* operator->() const { return object_; }

  // A snapshot: other threads may change the count right after it is read.
  long use_count() const { return count_ == nullptr ? 0 : count_->load(std::memory_order_relaxed); }

 private:
  void swap(Handle& other) noexcept {
    std::swap(object_, other.object_);
    std::swap(count_, other.count_);
  }

  T* object_ = nullptr;
  std::atomic<long>* count_ = nullptr;  // the control block, shared by every owner
};
