// A wrong fix for 19: the child sends its result but does not end. It goes on with the parent's
// loop (starting children of its own), returns from sum_in_children and would run the caller's
// code a second time.
// racelab-expects: crash
#pragma once

#include <errno.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <functional>
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
      reap(pids);
      throw std::system_error(error, std::generic_category(), "fork");
    }
    if (pid == 0) {
      const long result = work(i);
      if (write(ends[1], &result, sizeof result) != sizeof result) return 0;
    } else {
      pids.push_back(pid);
    }
  }
  close(ends[1]);
  long sum = 0;
  long result = 0;
  while (read(ends[0], &result, sizeof result) == sizeof result) sum += result;
  close(ends[0]);
  if (!reap(pids)) throw std::runtime_error("a child process failed");
  return sum;
}
