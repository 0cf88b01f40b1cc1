// A test binary's own ThreadSanitizer options, added to the lab's defaults
// (sanitizer_options.cpp). One test file may define it:
//
//   extern "C" const char* racelab_extra_tsan_options() { return "detect_deadlocks=0"; }
//
// The sanitizer asks for its options before main(), so this is the only way that holds however
// the binary is started. Exercise 22 uses it to turn off the lock-order detector, which reports
// every correct arbiter (it knows no gate locks); its tests make the deadlock happen instead.
// Data races are still reported: no option given here may hide one.
#pragma once

extern "C" const char* racelab_extra_tsan_options();
