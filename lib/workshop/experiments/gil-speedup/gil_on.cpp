// GIL on: the interpreter of exercise 11, solved. One lock for the whole interpreter, plain
// reference counts, and the reference solution's GilRelease, which lets go of the GIL while a
// thread waits in `recv` and takes it back afterwards.
//
// In a translation unit of its own, apart from exercise 12's solution (gil_off.cpp): the
// solutions of different exercises, and of variants of one exercise, define names at global
// scope, and two definitions of one name in one program would leave only one of them linked.
#include "11-gil/release-and-retake/gil_release.hpp"
#include "measure.hpp"

Rate MeasureGilOn(Workload workload, int threads, double seconds) {
  return gil_speedup::Measure<mini::WithGil<GilRelease>>(workload, threads, seconds);
}
