// What a measurement ran on, said on every experiment's table and plot: a figure means little
// without the machine behind it.
#pragma once

#include <string>

namespace racelab {

struct Machine {
  int cores = 1;         // CPUs this process may run on (its affinity, and its cgroup's quota)
  std::string cpu;       // the model, as /proc/cpuinfo names it; empty if unknown
  std::string compiler;  // the compiler the lab was built with, e.g. "GCC 12.2.0"
  std::string Describe() const;  // "2 cores (AMD EPYC 7B13), GCC 12.2.0"
};

// This machine, as the experiments see it.
Machine ThisMachine();

}  // namespace racelab
