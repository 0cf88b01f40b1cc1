// Exercise 10: a handle that shares one object among many owners, a small std::shared_ptr.
//
// Every Handle that owns the object points to the same control block, a count of the owners
// allocated next to the object. A copy adds one to it; a handle that lets go (destroyed, or
// assigned something else) subtracts one, and the one that brings it to zero deletes the object
// and the block. The handles are separate objects, often on separate threads, but the count
// they share is one variable: here a plain long, which loses updates like the counter of
// exercise 01. The object is then deleted twice, or while an owner still uses it, or never.
//
// Task: make the handles safe to copy, assign and destroy on many threads at once. Keep the
// public interface as it is; the single-threaded behaviour is already right.
#pragma once

#include <utility>

template <class T>
class Handle {
 public:
  Handle() = default;  // empty: owns nothing, use_count() == 0

  // Takes ownership of `object`, which must come from `new`.
  explicit Handle(T* object) : object_(object), count_(new long(1)) {}

  Handle(const Handle& other) : object_(other.object_), count_(other.count_) {
    if (count_ != nullptr) ++*count_;
  }

  // Copy first, then let go of the old object (when `copy` is destroyed). In the other order,
  // `h = h` would free the object before copying it, and so would `node = node->next` when
  // `node` is the last owner of the node that holds `next`.
  Handle& operator=(const Handle& other) {
    Handle copy(other);
    swap(copy);
    return *this;
  }

  // A move takes the other handle's ownership as it is: the count does not change, and `other`
  // is left empty.
  Handle(Handle&& other) noexcept
      : object_(std::exchange(other.object_, nullptr)),
        count_(std::exchange(other.count_, nullptr)) {}

  Handle& operator=(Handle&& other) noexcept {
    Handle moved(std::move(other));
    swap(moved);
    return *this;
  }

  ~Handle() {
    if (count_ != nullptr && --*count_ == 0) {
      delete object_;
      delete count_;
    }
  }

  T* get() const { return object_; }
  T& operator*() const { return *object_; }
  T* operator->() const { return object_; }

  // How many handles own the object; 0 for an empty handle.
  long use_count() const {
    if (count_ == nullptr) return 0;
    return *count_;
  }

 private:
  void swap(Handle& other) noexcept {
    std::swap(object_, other.object_);
    std::swap(count_, other.count_);
  }

  T* object_ = nullptr;
  long* count_ = nullptr;  // shared by every handle that owns object_
};
