#include "racelab/thread_state.hpp"

#include <sys/syscall.h>
#include <unistd.h>

#include <fstream>
#include <string>

namespace racelab {

pid_t CurrentThreadId() { return static_cast<pid_t>(syscall(SYS_gettid)); }

ThreadState StateOf(pid_t tid) {
  std::ifstream stat("/proc/self/task/" + std::to_string(tid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return ThreadState::kGone;
  // "tid (comm) S ...": the state follows the last ')', since comm may contain spaces.
  const auto paren = line.rfind(')');
  if (paren == std::string::npos || paren + 2 >= line.size()) return ThreadState::kGone;
  switch (line[paren + 2]) {
    case 'R':
      return ThreadState::kRunning;
    case 'S':
    case 'D':
    case 'T':
    case 't':
      return ThreadState::kBlocked;
    default:
      return ThreadState::kGone;
  }
}

std::string Describe(ThreadState state) {
  switch (state) {
    case ThreadState::kRunning:
      return "running";
    case ThreadState::kBlocked:
      return "blocked (asleep, waiting)";
    case ThreadState::kGone:
      return "gone";
  }
  return "unknown";
}

}  // namespace racelab
