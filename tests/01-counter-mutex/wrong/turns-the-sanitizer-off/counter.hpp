// Not a fix but an attempt to game the grader: the starter, plus a definition of the hook that
// adds ThreadSanitizer options, asking it to report nothing. The build defines that hook for
// every test binary itself, so this one does not link.
// racelab-expects: compile-error
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

extern "C" const char* racelab_extra_tsan_options() { return "report_bugs=0"; }
