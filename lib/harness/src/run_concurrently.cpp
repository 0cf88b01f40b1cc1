#include "racelab/run_concurrently.hpp"

#include <sched.h>
#include <time.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <latch>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "racelab/category.hpp"
#include "racelab/chaos.hpp"
#include "racelab/interleaving.hpp"
#include "racelab/thread_state.hpp"
#include "racelab/wait_sites.hpp"

namespace racelab {
namespace {

// CPU time of the whole process, every thread's together.
double ProcessCpuSeconds() {
  timespec now{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e9;
}

using Clock = std::chrono::steady_clock;

// What the watchdog can see of one worker. Only relaxed atomics: reading them orders nothing,
// so the watchdog cannot hide a race between workers.
struct alignas(64) Progress {
  std::atomic<pid_t> tid{0};
  std::atomic<int> calls_done{0};
  std::atomic<bool> finished{false};
};

std::string Snapshot(const Load& load, const std::vector<Progress>& progress, bool* all_blocked) {
  std::string text;
  *all_blocked = true;
  for (int t = 0; t < load.threads; ++t) {
    const Progress& p = progress[static_cast<std::size_t>(t)];
    const int done = p.calls_done.load(std::memory_order_relaxed);
    text += "  thread " + std::to_string(t) + ": ";
    if (p.finished.load(std::memory_order_relaxed)) {
      text += "finished all " + std::to_string(load.calls) + " calls\n";
      continue;
    }
    const pid_t tid = p.tid.load(std::memory_order_relaxed);
    const ThreadState state = StateOf(tid);
    if (state == ThreadState::kRunning) *all_blocked = false;
    text += Describe(state) + " in call " + std::to_string(done + 1) + " of " +
            std::to_string(load.calls) + "\n" + DescribeWait(tid);
  }
  return text;
}

long TotalCalls(const std::vector<Progress>& progress) {
  long total = 0;
  for (const Progress& p : progress) total += p.calls_done.load(std::memory_order_relaxed);
  return total;
}

}  // namespace

// One CPU this process may run on: under forced interleaving all workers share it, so that a
// yield always hands it to another worker, however many cores the machine has.
int SharedCpu() {
  cpu_set_t allowed;
  if (sched_getaffinity(0, sizeof allowed, &allowed) == 0) {
    for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
      if (CPU_ISSET(cpu, &allowed)) return cpu;
    }
  }
  return -1;
}

void RunOnCpu(int cpu) {
  if (cpu < 0) return;
  cpu_set_t only;
  CPU_ZERO(&only);
  CPU_SET(cpu, &only);
  sched_setaffinity(0, sizeof only, &only);  // 0: the calling thread
}

void RunConcurrently(const Load& load, const std::function<void(int thread, int call)>& call) {
  std::vector<Progress> progress(static_cast<std::size_t>(load.threads));
  const int shared_cpu = load.interleave ? SharedCpu() : -1;
  std::latch gate(load.threads);
  std::vector<std::thread> threads;
  threads.reserve(static_cast<std::size_t>(load.threads));
  for (int t = 0; t < load.threads; ++t) {
    threads.emplace_back([&, t] {
      Progress& mine = progress[static_cast<std::size_t>(t)];
      mine.tid.store(CurrentThreadId(), std::memory_order_relaxed);
      Chaos chaos(t);
      RunOnCpu(shared_cpu);
      gate.arrive_and_wait();
      std::optional<ForcedInterleaving> interleaving;
      if (load.interleave) interleaving.emplace();
      for (int i = 0; i < load.calls; ++i) {
        if (load.chaos) chaos.Pause();
        call(t, i);
        mine.calls_done.store(i + 1, std::memory_order_relaxed);
      }
      mine.finished.store(true, std::memory_order_relaxed);
    });
  }

  // The watchdog.
  const auto start = Clock::now();
  const double cpu_at_start = ProcessCpuSeconds();
  auto last_progress = start;
  long last_total = -1;
  auto poll = std::chrono::microseconds(100);  // short at first: most runs finish quickly
  for (;;) {
    bool all_finished = true;
    for (const Progress& p : progress) {
      all_finished = all_finished && p.finished.load(std::memory_order_relaxed);
    }
    if (all_finished) break;
    std::this_thread::sleep_for(poll);
    poll = std::min(poll * 2, std::chrono::microseconds(20'000));

    const auto now = Clock::now();
    if (const long total = TotalCalls(progress); total != last_total) {
      last_total = total;
      last_progress = now;
    }
    const double stalled = std::chrono::duration<double>(now - last_progress).count();
    const double cpu_used = ProcessCpuSeconds() - cpu_at_start;
    bool all_blocked = false;
    if (stalled >= load.stall_seconds) {
      const std::string threads_now = Snapshot(load, progress, &all_blocked);
      if (all_blocked) {
        EndNow(kDeadlock, "the threads stopped: no call finished for " +
                              std::to_string(static_cast<int>(stalled)) +
                              " s and every unfinished thread is blocked, each waiting for "
                              "something another one holds.\n" +
                              threads_now);
      }
    }
    if (cpu_used >= load.limit_seconds) {
      EndNow(kTimeout, "the threads used " + std::to_string(static_cast<int>(load.limit_seconds)) +
                           " s of CPU time without finishing, yet some are still running (an "
                           "endless loop, or a livelock: "
                           "threads busy retrying without getting anywhere).\n" +
                           Snapshot(load, progress, &all_blocked));
    }
  }
  for (std::thread& thread : threads) thread.join();
}

}  // namespace racelab
