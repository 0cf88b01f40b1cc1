// GIL off: the interpreter of exercise 12, solved. No GIL: atomic reference counts (relaxed
// increment, acq_rel decrement) and a std::mutex in every list, so threads run bytecode in
// parallel.
//
// In a translation unit of its own, apart from exercise 11's solution (gil_on.cpp); see there.
#include "12-free-threading/atomic-std-mutex/free_threading.hpp"
#include "measure.hpp"

Rate MeasureGilOff(Workload workload, int threads, double seconds) {
  return gil_speedup::Measure<FreeThreading>(workload, threads, seconds);
}
