// Exercise 19, solved with a pipe: each child writes its result into a pipe that the parent
// reads. Processes share no memory, so the result travels as bytes, the way Python's
// multiprocessing sends its (pickled) results back.
#pragma once

#include <errno.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <functional>
#include <stdexcept>
#include <system_error>
#include <vector>

// Waits for every child in `pids` (reaps it: no zombie is left). True if all of them exited
// with status 0.
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

// Starts `children` processes with fork(); child i computes work(i). Returns the sum of all
// children's results, after every child has exited and been reaped (no zombie left).
inline long sum_in_children(int children, const std::function<long(int)>& work) {
  int pipe_ends[2];
  if (pipe(pipe_ends) != 0) throw std::system_error(errno, std::generic_category(), "pipe");
  const int read_end = pipe_ends[0];
  const int write_end = pipe_ends[1];
  std::vector<pid_t> pids;
  for (int i = 0; i < children; ++i) {
    const pid_t pid = fork();
    if (pid < 0) {
      const int error = errno;
      close(read_end);
      close(write_end);
      reap(pids);
      throw std::system_error(error, std::generic_category(), "fork");
    }
    if (pid == 0) {  // the child: one write of 8 bytes is atomic (at most PIPE_BUF bytes)
      close(read_end);
      try {
        const long result = work(i);
        _exit(write(write_end, &result, sizeof result) == sizeof result ? 0 : 1);
      } catch (...) {
        _exit(1);
      }
    }
    pids.push_back(pid);
  }
  // The parent must close its own write end: read() sees the end of the pipe only once every
  // write end is closed, the parent's as well as the children's.
  close(write_end);
  long sum = 0;
  long result = 0;
  ssize_t got = 0;
  while ((got = read(read_end, &result, sizeof result)) == sizeof result ||
         (got < 0 && errno == EINTR)) {
    if (got > 0) sum += result;
  }
  close(read_end);
  if (!reap(pids)) throw std::runtime_error("a child process failed");
  return sum;
}
