// Exercise 19, solved with shared memory: the total lives in a page mapped MAP_SHARED before the
// fork, so that parent and children all see the same page, and the children add to it with an
// atomic fetch_add (a lock-free atomic works between processes as it does between threads).
#pragma once

#include <errno.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <functional>
#include <new>
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
  static_assert(std::atomic<long>::is_always_lock_free, "a lock would not work across processes");
  void* page = mmap(nullptr, sizeof(std::atomic<long>), PROT_READ | PROT_WRITE,
                    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (page == MAP_FAILED) throw std::system_error(errno, std::generic_category(), "mmap");
  auto* total = new (page) std::atomic<long>(0);
  std::vector<pid_t> pids;
  for (int i = 0; i < children; ++i) {
    const pid_t pid = fork();
    if (pid < 0) {
      const int error = errno;
      reap(pids);
      munmap(page, sizeof(std::atomic<long>));
      throw std::system_error(error, std::generic_category(), "fork");
    }
    if (pid == 0) {
      try {
        total->fetch_add(work(i), std::memory_order_relaxed);
      } catch (...) {
        _exit(1);
      }
      _exit(0);
    }
    pids.push_back(pid);
  }
  const bool all_ok = reap(pids);  // after this, every child's addition is done
  const long sum = total->load(std::memory_order_relaxed);
  munmap(page, sizeof(std::atomic<long>));
  if (!all_ok) throw std::runtime_error("a child process failed");
  return sum;
}
