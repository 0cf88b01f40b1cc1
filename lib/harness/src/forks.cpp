// The fork() wrapper behind forks.hpp. Not instrumented (see forks.cmake): it only records.
#include "racelab/forks.hpp"

#include <errno.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>

namespace racelab {
namespace {

constexpr int kMaxChildren = 1 << 16;
std::atomic<pid_t> children[kMaxChildren];  // 0: a slot taken, its pid not written yet
std::atomic<int> child_count{0};
std::atomic<int> successes_left{-1};  // -1: fork() never fails

}  // namespace

std::vector<pid_t> ForkedChildren() {
  std::vector<pid_t> pids;
  const int count = std::min(child_count.load(std::memory_order_relaxed), kMaxChildren);
  for (int i = 0; i < count; ++i) {
    if (const pid_t pid = children[i].load(std::memory_order_relaxed); pid != 0)
      pids.push_back(pid);
  }
  return pids;
}

void FailForkAfter(int successes) { successes_left.store(successes, std::memory_order_relaxed); }

}  // namespace racelab

extern "C" {

pid_t __real_fork();
pid_t __wrap_fork() {
  using racelab::successes_left;
  int left = successes_left.load(std::memory_order_relaxed);
  while (left >= 0) {
    if (left == 0) {
      errno = EAGAIN;
      return -1;
    }
    if (successes_left.compare_exchange_weak(left, left - 1, std::memory_order_relaxed)) break;
  }
  const pid_t pid = __real_fork();
  if (pid > 0) {
    // Several threads may fork at once: each takes a slot of its own.
    const int slot = racelab::child_count.fetch_add(1, std::memory_order_relaxed);
    if (slot < racelab::kMaxChildren) racelab::children[slot].store(pid, std::memory_order_relaxed);
  }
  return pid;
}

}  // extern "C"
