#include "racelab/stall_watchdog.hpp"

#include <chrono>
#include <future>
#include <memory>
#include <set>
#include <string>
#include <thread>

#include "racelab/category.hpp"
#include "racelab/thread_state.hpp"
#include "racelab/wait_sites.hpp"

namespace racelab {
namespace {

[[noreturn]] void Report(const std::set<pid_t>& stuck, double seconds) {
  std::string text = "every thread has been waiting for " +
                     std::to_string(static_cast<int>(seconds)) +
                     " s and none of them can go on: each waits for something that never comes "
                     "(a lock never released, a lock its own thread already holds, or a signal "
                     "never sent).\n";
  int n = 0;
  for (const pid_t tid : stuck) {
    const std::string wait = DescribeWait(tid);
    text += "  thread " + std::to_string(n++) + ": " + Describe(StateOf(tid)) + "\n" +
            (wait.empty() ? "    (not waiting for a lock: joining a thread, or a wait the lab "
                            "cannot see)\n"
                          : wait);
  }
  EndNow(kDeadlock, text);
}

}  // namespace

void StartStallWatchdog(double stall_seconds) {
  // The runtime's threads: ThreadSanitizer starts its background thread with the first thread
  // the program creates, so they are known once the watchdog's own thread exists.
  auto runtime = std::make_shared<std::promise<std::set<pid_t>>>();
  std::promise<pid_t> watchdog;
  std::future<pid_t> watchdog_tid = watchdog.get_future();
  std::thread([runtime_threads = runtime->get_future(), watchdog = std::move(watchdog),
               stall_seconds]() mutable {
    watchdog.set_value(CurrentThreadId());
    const std::set<pid_t> ignored = runtime_threads.get();
    using Clock = std::chrono::steady_clock;
    long last_switches = -1;
    auto quiet_since = Clock::now();
    for (;;) {
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
      std::set<pid_t> watched;
      bool all_asleep = true;
      long switches = 0;
      for (const pid_t tid : ThreadIds()) {
        if (ignored.count(tid) != 0) continue;
        watched.insert(tid);
        all_asleep = all_asleep && StateOf(tid) == ThreadState::kBlocked;
        switches += ContextSwitches(tid);
      }
      const auto now = Clock::now();
      if (!all_asleep || watched.empty() || switches != last_switches) {
        last_switches = switches;
        quiet_since = now;
        continue;
      }
      const double quiet = std::chrono::duration<double>(now - quiet_since).count();
      if (quiet >= stall_seconds) Report(watched, quiet);
    }
  }).detach();
  std::set<pid_t> ignored = ThreadIds();  // the watchdog, the runtime's threads, and main:
  ignored.erase(CurrentThreadId());       // main runs the tests: watch it
  ignored.insert(watchdog_tid.get());
  runtime->set_value(std::move(ignored));
}

}  // namespace racelab
