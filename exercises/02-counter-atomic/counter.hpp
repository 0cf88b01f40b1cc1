// Exercise 02: the counter of exercise 01, this time without a lock.
//
// Many threads call increment() at the same time while one of them calls value(). A lock makes
// every other thread wait its turn; an atomic variable needs no waiting at all: the processor
// itself performs a read-modify-write on it as one indivisible step, so no other thread can
// slip in between the load and the store.
//
// Task: make Counter safe for many threads with no lock of any kind. Use std::atomic, and make
// each increment a single atomic operation: an atomic load followed by an atomic store is two
// steps, and another thread can still come between them. Keep the public interface as it is.
#pragma once

class Counter {
 public:
  // Called by many threads at once.
  void increment() { ++count_; }

  // Called while other threads still increment, and after they finish.
  long value() const { return count_; }

 private:
  long count_ = 0;
};
