// Exercise 12: the mini interpreter without a GIL.
//
// In exercise 11 one lock, the GIL, kept every thread but one out of the interpreter, so plain
// reference counts and unguarded lists were safe, and threads could never compute in parallel.
// This policy removes the GIL. The interpreter (lib/interpreter/include/mini/) is written against
// it: every object keeps its count in a RefCount, and every list guards its items with a
// ContainerLock. Both are still the GIL build's: a plain count and no lock at all, which threads
// running side by side now corrupt.
//
// Task: make RefCount and ContainerLock safe for threads that run bytecode in parallel, without
// bringing back the GIL. Keep the names and the member functions as they are.
#pragma once

#include "mini/policies.hpp"

struct FreeThreading {
  // No GIL: every interpreter thread runs bytecode whenever it likes, in parallel with the others.
  using Gil = mini::NoGil;

  // An object's reference count, 1 when the object is made. The interpreter calls incref() when
  // it takes a reference, and decref() when it drops one; when decref() returns true, the count
  // has reached zero and the interpreter frees the object.
  class RefCount {
   public:
    void incref() { ++count_; }
    bool decref() { return --count_ == 0; }
    long value() const { return count_; }

   private:
    long count_ = 1;
  };

  // Guards the items of one list (lock(), unlock(), try_lock()).
  using ContainerLock = mini::NoLock;
};
