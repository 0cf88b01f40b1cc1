#include "racelab/asleep.hpp"

#include <chrono>
#include <thread>

#include "racelab/thread_state.hpp"

namespace racelab {

Sleep WaitUntilAsleep(pid_t tid, const std::function<bool()>& returned, double give_up_seconds) {
  constexpr int kLooks = 5;  // asleep this many looks in a row, 1 ms apart
  const auto give_up =
      std::chrono::steady_clock::now() + std::chrono::duration<double>(give_up_seconds);
  int asleep = 0;
  long switches = -1;
  for (;;) {
    if (returned()) return Sleep::kReturned;
    const long now = ContextSwitches(tid);
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
