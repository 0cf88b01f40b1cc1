#include "racelab/asleep.hpp"

#include <chrono>
#include <fstream>
#include <string>
#include <thread>

#include "racelab/thread_state.hpp"

namespace racelab {
namespace {

// How often the kernel has switched thread `tid` in or out; it stands still only while the
// thread sleeps without ever waking.
long Switches(pid_t tid) {
  std::ifstream status("/proc/self/task/" + std::to_string(tid) + "/status");
  long total = 0;
  for (std::string line; std::getline(status, line);) {
    if (line.find("ctxt_switches:") != std::string::npos) {
      total += std::stol(line.substr(line.find(':') + 1));
    }
  }
  return total;
}

}  // namespace

Sleep WaitUntilAsleep(pid_t tid, const std::function<bool()>& returned, double give_up_seconds) {
  constexpr int kLooks = 5;  // asleep this many looks in a row, 1 ms apart
  const auto give_up =
      std::chrono::steady_clock::now() + std::chrono::duration<double>(give_up_seconds);
  int asleep = 0;
  long switches = -1;
  for (;;) {
    if (returned()) return Sleep::kReturned;
    const long now = Switches(tid);
    if (StateOf(tid) == ThreadState::kBlocked && now == switches) {
      if (++asleep == kLooks) return returned() ? Sleep::kReturned : Sleep::kAsleep;
    } else {
      asleep = 0;
    }
    switches = now;
    if (std::chrono::steady_clock::now() > give_up) return Sleep::kSpinning;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

}  // namespace racelab
