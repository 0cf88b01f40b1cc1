// The objects of the mini interpreter: integers, lists and channels, each with a reference count.
//
// Whoever holds a pointer to an object holds one reference, counted in the object. A new object
// starts with one, its maker's; incref() adds one, decref() drops one, and the decref() that
// drops the last one frees the object. A list holds a reference to each of its items, and a
// channel to each message in it. How the count is kept is up to the policy (policies.hpp).
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <vector>

#include "racelab/tracker.hpp"
#include "racelab/wait_sites.hpp"

namespace mini {

enum class Kind { kInt, kList, kChannel };

template <class Policy>
class Object {
 public:
  Object(const Object&) = delete;
  Object& operator=(const Object&) = delete;

  Kind kind() const { return kind_; }
  long refcount() const { return refs_.value(); }

  friend void incref(Object* object) { object->refs_.incref(); }
  friend void decref(Object* object) {
    if (object->refs_.decref()) delete object;
  }

 protected:
  Object(Kind kind, racelab::Tracker& tracker) : kind_(kind), life_(tracker) {}
  virtual ~Object() = default;  // only decref() deletes

 private:
  typename Policy::RefCount refs_;
  const Kind kind_;
  racelab::Tracker::Life life_;  // lets the tests count creations and frees
};

// An integer. Immutable: arithmetic makes new ones.
template <class Policy>
class Int final : public Object<Policy> {
 public:
  static constexpr Kind kKind = Kind::kInt;
  Int(racelab::Tracker& tracker, long value) : Object<Policy>(kKind, tracker), value_(value) {}
  long value() const { return value_; }

 private:
  const long value_;
};

// A list that threads may share: its items are guarded by the policy's ContainerLock.
template <class Policy>
class List final : public Object<Policy> {
 public:
  static constexpr Kind kKind = Kind::kList;
  explicit List(racelab::Tracker& tracker) : Object<Policy>(kKind, tracker) {}

  void append(Object<Policy>* item) {  // takes over the caller's reference to `item`
    std::lock_guard lock(lock_);
    items_.push_back(item);
  }
  std::size_t size() {
    std::lock_guard lock(lock_);
    return items_.size();
  }
  typename Policy::ContainerLock& items_lock() { return lock_; }  // for tests

 private:
  // No lock here: the last reference is gone, so no other thread can reach the list. The count
  // must make sure that every other thread's appends are visible by now.
  ~List() override {
    for (Object<Policy>* item : items_) decref(item);
  }

  typename Policy::ContainerLock lock_;
  std::vector<Object<Policy>*> items_;
};

// A queue of messages between threads: receive() blocks until there is one. Like a socket or a
// pipe, it has a lock of its own, whatever the policy.
template <class Policy>
class Channel final : public Object<Policy> {
 public:
  static constexpr Kind kKind = Kind::kChannel;
  explicit Channel(racelab::Tracker& tracker) : Object<Policy>(kKind, tracker) {}

  void send(Object<Policy>* message) {  // takes over the caller's reference to `message`
    {
      std::lock_guard lock(mutex_);
      messages_.push_back(message);
    }
    changed_.notify_all();
  }

  // Blocks until a message comes, and hands over its reference.
  Object<Policy>* receive() {
    std::unique_lock lock(mutex_);
    ++receivers_;
    changed_.notify_all();
    changed_.wait(lock, [&] { return !messages_.empty(); });
    --receivers_;
    Object<Policy>* message = messages_.front();
    messages_.pop_front();
    return message;
  }

  // For tests: blocks until a thread waits in receive() with no message queued for it.
  void wait_for_receiver() {
    std::unique_lock lock(mutex_);
    racelab::WaitNote note("a thread to wait in receive()");
    changed_.wait(lock, [&] { return receivers_ > messages_.size(); });
  }

 private:
  ~Channel() override {
    for (Object<Policy>* message : messages_) decref(message);
  }

  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Object<Policy>*> messages_;
  std::size_t receivers_ = 0;
};

}  // namespace mini
