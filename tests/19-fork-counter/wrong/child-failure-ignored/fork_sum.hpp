// A wrong fix for 19: results come back through a pipe and every child is reaped, but a child
// whose work throws just ends without a result, and the parent never looks at the exit
// statuses: it returns the sum of the results that did arrive, as if nothing had failed.
// racelab-expects: wrong-result
#pragma once

#include <errno.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <functional>
#include <stdexcept>
#include <system_error>
#include <vector>

inline long sum_in_children(int children, const std::function<long(int)>& work) {
  int ends[2];
  if (pipe(ends) != 0) throw std::system_error(errno, std::generic_category(), "pipe");
  std::vector<pid_t> pids;
  for (int i = 0; i < children; ++i) {
    const pid_t pid = fork();
    if (pid < 0) {
      const int error = errno;
      for (const pid_t started : pids) waitpid(started, nullptr, 0);
      throw std::system_error(error, std::generic_category(), "fork");
    }
    if (pid == 0) {
      close(ends[0]);
      try {
        const long result = work(i);
        _exit(write(ends[1], &result, sizeof result) == sizeof result ? 0 : 1);
      } catch (...) {
        _exit(0);
      }
    }
    pids.push_back(pid);
  }
  close(ends[1]);
  long sum = 0;
  long result = 0;
  while (read(ends[0], &result, sizeof result) == sizeof result) sum += result;
  close(ends[0]);
  for (const pid_t pid : pids) waitpid(pid, nullptr, 0);
  return sum;
}
