// Exercise 01: a counter shared by many threads.
//
// Many threads call increment() at the same time, and one of them calls value() while the
// others are still counting. `++count_` is not one step but three: load count_, add one, store
// it back. Two threads can load the same value and both store value + 1: one increment is lost.
//
// Task: make Counter safe with a lock, so that no increment is lost and value() never reads
// count_ while another thread writes it. Keep the public interface as it is.
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
