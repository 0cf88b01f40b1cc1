// A wrong fix for 19: the total made a std::atomic. Atomic or not, each process has its own copy
// of a global variable after fork(): the parent's total still never changes.
// racelab-expects: wrong-result
#pragma once

#include <errno.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <functional>
#include <stdexcept>
#include <system_error>
#include <vector>

inline std::atomic<long> total{0};

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
        total.fetch_add(work(i));
      } catch (...) {
        _exit(1);
      }
      _exit(0);
    }
    pids.push_back(pid);
  }
  if (!reap(pids)) throw std::runtime_error("a child process failed");
  return total.load();
}
