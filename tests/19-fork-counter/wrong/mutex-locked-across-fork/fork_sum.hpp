// A wrong fix for 19: a lock around the total, taken by the parent for the whole loop, forks
// included. Each child starts with a copy of the parent's memory, the locked mutex with it, and
// no thread of its own will ever unlock it: every child waits forever for the lock, and the
// parent forever for its children.
// racelab-expects: deadlock
#pragma once

#include <errno.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <functional>
#include <mutex>
#include <stdexcept>
#include <system_error>
#include <vector>

inline long total = 0;
inline std::mutex total_mutex;  // guards total

// Waits for every child in `pids` (reaps it). True if all of them exited with status 0.
inline bool reap(const std::vector<pid_t>& pids) {
  bool all_ok = true;
  for (const pid_t pid : pids) {
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    all_ok = all_ok && WIFEXITED(status) && WEXITSTATUS(status) == 0;
  }
  return all_ok;
}

inline long sum_in_children(int children, const std::function<long(int)>& work) {
  std::lock_guard<std::mutex> lock(total_mutex);
  std::vector<pid_t> pids;
  for (int i = 0; i < children; ++i) {
    const pid_t pid = fork();
    if (pid < 0) {
      const int error = errno;
      reap(pids);
      throw std::system_error(error, std::generic_category(), "fork");
    }
    if (pid == 0) {
      try {
        const long result = work(i);
        std::lock_guard<std::mutex> child_lock(total_mutex);
        total += result;
      } catch (...) {
        _exit(1);
      }
      _exit(0);
    }
    pids.push_back(pid);
  }
  if (!reap(pids)) throw std::runtime_error("a child process failed");
  return total;
}
