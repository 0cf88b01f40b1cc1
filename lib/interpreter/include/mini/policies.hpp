// A policy says how the interpreter keeps its objects safe when several threads run programs. It
// is a struct with these members:
//
//   using Gil = ...;            // mini::Gil: one thread at a time runs bytecode (the GIL);
//                               // mini::NoGil: every thread runs bytecode whenever it likes
//   class RefCount {...};       // an object's reference count, 1 when the object is made:
//                               //   void incref();  bool decref();  // true: that was the last
//                               //   long value() const;             // for tests and debugging
//   using ContainerLock = ...;  // guards one list's items: lock(), unlock(), try_lock()
//   using GilRelease = ...;     // optional: the guard the interpreter puts around every wait
//                               // that may block, constructed from the Gil (exercise 11)
//
// This file has the building blocks, and the policy of an interpreter with a GIL, as CPython
// has had one for thirty years.
#pragma once

#include "mini/gil.hpp"

namespace mini {

// A reference count for code that only ever runs under a GIL: a plain integer, as in CPython.
// The GIL orders every access, so nothing more is needed, and nothing is cheaper.
class PlainRefCount {
 public:
  void incref() { ++count_; }
  bool decref() { return --count_ == 0; }
  long value() const { return count_; }

 private:
  long count_ = 1;
};

// No lock at all, for when a GIL already keeps every other thread out.
struct NoLock {
  void lock() {}
  void unlock() {}
  bool try_lock() { return true; }
};

// The interpreter with a GIL (exercise 11): plain counts, no lock per container, and
// `Release`, the guard that lets go of the GIL while a thread waits.
template <class Release>
struct WithGil {
  using Gil = mini::Gil;
  using RefCount = PlainRefCount;
  using ContainerLock = NoLock;
  using GilRelease = Release;
};

}  // namespace mini
