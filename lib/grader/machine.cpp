#include "machine.hpp"

#include <fmt/format.h>
#include <sched.h>

#include <algorithm>
#include <fstream>

namespace racelab {
namespace {

// The CPU quota of this process's cgroup (v2, cpu.max "quota period"), rounded up; 0 if none.
int CgroupCores() {
  std::ifstream cgroup("/proc/self/cgroup");
  std::string line;
  while (std::getline(cgroup, line)) {
    if (line.rfind("0::", 0) != 0) continue;
    std::ifstream max("/sys/fs/cgroup" + line.substr(3) + "/cpu.max");
    std::string quota;
    long period = 0;
    if (max >> quota >> period && quota != "max" && period > 0) {
      return static_cast<int>((std::stol(quota) + period - 1) / period);
    }
  }
  return 0;
}

std::string CpuModel() {
  std::ifstream cpuinfo("/proc/cpuinfo");
  std::string line;
  while (std::getline(cpuinfo, line)) {
    if (line.rfind("model name", 0) != 0) continue;
    std::string model = line.substr(line.find(':') + 1);
    model.erase(0, model.find_first_not_of(' '));
    // "Intel(R) Xeon(R) CPU @ 2.20GHz" reads better without the trademarks.
    for (const std::string mark : {"(R)", "(TM)", " CPU"}) {
      for (auto at = model.find(mark); at != std::string::npos; at = model.find(mark)) {
        model.erase(at, mark.size());
      }
    }
    return model;
  }
  return "";
}

}  // namespace

std::string Machine::Describe() const {
  return fmt::format("{} core{}{}, {}", cores, cores == 1 ? "" : "s",
                     cpu.empty() ? "" : " (" + cpu + ")", compiler);
}

Machine ThisMachine() {
  Machine machine;
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) == 0) machine.cores = CPU_COUNT(&set);
  if (const int quota = CgroupCores(); quota > 0) machine.cores = std::min(machine.cores, quota);
  machine.cpu = CpuModel();
  machine.compiler = RACELAB_COMPILER;  // CMake's "GNU 12.2.0": people say GCC
  if (machine.compiler.rfind("GNU ", 0) == 0) machine.compiler.replace(0, 3, "GCC");
  return machine;
}

}  // namespace racelab
