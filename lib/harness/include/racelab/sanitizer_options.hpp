// A test binary's own ThreadSanitizer options, added to the lab's defaults
// (sanitizer_options.cpp). An exercise asks for them in its tests/<id>/CMakeLists.txt:
//
//   racelab_add_exercise(22-dining-philosophers TESTS ... TSAN_OPTIONS detect_deadlocks=0)
//
// and the build defines this function in a file of each test target (cmake/Exercises.cmake):
// a student's header that defines it as well does not link, so code under test cannot change
// what the sanitizer reports. The sanitizer asks for its options before main(), so this is the
// only way that holds however the binary is started. Exercise 22 uses it to turn off the
// lock-order detector, which reports every correct arbiter (it knows no gate locks); its tests
// make the deadlock happen instead. Data races are still reported: no option given here may
// hide one.
#pragma once

extern "C" const char* racelab_extra_tsan_options();
