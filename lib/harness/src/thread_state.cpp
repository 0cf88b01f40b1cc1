#include "racelab/thread_state.hpp"

#include <sys/syscall.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace racelab {

pid_t CurrentThreadId() { return static_cast<pid_t>(syscall(SYS_gettid)); }

ThreadState StateOf(pid_t tid, pid_t pid) {
  const std::string process = pid == 0 ? "self" : std::to_string(pid);
  std::ifstream stat("/proc/" + process + "/task/" + std::to_string(tid) + "/stat");
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

bool AllThreadsBlocked(pid_t pid) {
  std::error_code error;
  bool any = false;
  for (const auto& task :
       std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/task", error)) {
    const ThreadState state = StateOf(std::stoi(task.path().filename().string()), pid);
    if (state == ThreadState::kRunning) return false;
    any = any || state == ThreadState::kBlocked;
  }
  return any;
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

std::set<pid_t> ThreadIds() {
  std::set<pid_t> tids;
  std::error_code error;
  for (const auto& task : std::filesystem::directory_iterator("/proc/self/task", error)) {
    tids.insert(std::stoi(task.path().filename().string()));
  }
  return tids;
}

long ContextSwitches(pid_t tid) {
  // "voluntary_ctxt_switches:" and "nonvoluntary_ctxt_switches:", added up.
  std::ifstream status("/proc/self/task/" + std::to_string(tid) + "/status");
  long total = 0;
  for (std::string line; std::getline(status, line);) {
    if (line.find("ctxt_switches:") != std::string::npos) {
      total += std::stol(line.substr(line.find(':') + 1));
    }
  }
  return total;
}

}  // namespace racelab
