// A wrong fix for 19: each child returns its result as its exit status, which the parent reads
// with WEXITSTATUS. An exit status holds 8 bits: results above 255, or negative, arrive cut.
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
  std::vector<pid_t> pids;
  for (int i = 0; i < children; ++i) {
    const pid_t pid = fork();
    if (pid < 0) {
      const int error = errno;
      for (const pid_t started : pids) waitpid(started, nullptr, 0);
      throw std::system_error(error, std::generic_category(), "fork");
    }
    if (pid == 0) {
      try {
        _exit(static_cast<int>(work(i)));
      } catch (...) {
        _exit(255);
      }
    }
    pids.push_back(pid);
  }
  long sum = 0;
  for (const pid_t pid : pids) {
    int status = 0;
    waitpid(pid, &status, 0);
    sum += WEXITSTATUS(status);
  }
  return sum;
}
