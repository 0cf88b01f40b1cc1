// Exercise 11, solved: the guard lets go of the GIL when it is made and takes it back when it
// ends, as CPython's Py_BEGIN_ALLOW_THREADS and Py_END_ALLOW_THREADS do around a blocking call.
#pragma once

#include "mini/gil.hpp"

class GilRelease {
 public:
  explicit GilRelease(mini::Gil& gil) : gil_(gil) { gil_.release(); }

  // Back under the GIL before the interpreter touches a single reference count again. Taking it
  // may wait: another thread may be running bytecode now.
  ~GilRelease() { gil_.acquire(); }

  GilRelease(const GilRelease&) = delete;
  GilRelease& operator=(const GilRelease&) = delete;

 private:
  mini::Gil& gil_;
};
