// A wrong fix for 19: results through a pipe, but each child computes its work on a thread of its
// own (std::async). The child of a process with threads must not start one: a lock another
// thread held at the fork stays locked in the child for good. ThreadSanitizer ends such a child
// at once (its option die_after_fork), so every child fails.
// racelab-expects: crash
#pragma once

#include <errno.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <functional>
#include <future>
#include <stdexcept>
#include <system_error>
#include <vector>

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
  int ends[2];
  if (pipe(ends) != 0) throw std::system_error(errno, std::generic_category(), "pipe");
  std::vector<pid_t> pids;
  for (int i = 0; i < children; ++i) {
    const pid_t pid = fork();
    if (pid < 0) {
      const int error = errno;
      close(ends[0]);
      close(ends[1]);
      reap(pids);
      throw std::system_error(error, std::generic_category(), "fork");
    }
    if (pid == 0) {
      close(ends[0]);
      try {
        const long result = std::async(std::launch::async, work, i).get();
        _exit(write(ends[1], &result, sizeof result) == sizeof result ? 0 : 1);
      } catch (...) {
        _exit(1);
      }
    }
    pids.push_back(pid);
  }
  close(ends[1]);
  long sum = 0;
  long result = 0;
  while (read(ends[0], &result, sizeof result) == sizeof result) sum += result;
  close(ends[0]);
  if (!reap(pids)) throw std::runtime_error("a child process failed");
  return sum;
}
