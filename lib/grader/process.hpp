// Runs a command as its own process group, with a time limit and a cap on what it may print.
#pragma once

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace racelab {

struct Command {
  std::vector<std::string> argv;
  std::filesystem::path output;  // stdout and stderr both go here
  double timeout_seconds = 60;   // then the whole process group is killed
  // When > 0: the process may use this much CPU time (all its threads together), then it is
  // killed as timed out. Unlike wall time, a busy machine does not make it run out sooner.
  double cpu_limit_seconds = 0;
  // When > 0: once every thread of the process has been blocked or asleep, using no CPU, for
  // this long, it is killed as timed out with all_threads_blocked (a hang nothing will end).
  double stall_seconds = 0;
  std::size_t max_output_bytes = 0;   // 0: no cap; else the process dies (SIGXFSZ) past it
  std::filesystem::path working_dir;  // empty: the current one
  bool one_core = false;              // pinned to CPU 0, like `taskset -c 0`
  // Run it without a network (a network namespace of its own), where the kernel allows it.
  bool isolate_network = false;
  // >= 0: run it as this user and group id, with no supplementary groups (the grader must be
  // root). It can then write nowhere the grader did not open for it.
  long run_as_id = -1;
  // Folders it must not see (other students' work): in a mount namespace of its own, an empty
  // read-only folder is mounted over each, where the kernel allows it (root).
  std::vector<std::filesystem::path> hidden;
  // Set in the process's environment, on top of the grader's own.
  std::vector<std::pair<std::string, std::string>> environment;
};

struct Outcome {
  int exit_status = -1;              // when it exited
  int signal = 0;                    // when a signal ended it
  bool timed_out = false;            // killed by us at the time limit
  bool all_threads_blocked = false;  // at the time limit: every thread was asleep (a deadlock)
  double seconds = 0;
  double cpu_seconds = 0;  // CPU time of the process, all threads, as last seen
  // Processes it started that left its process group (setsid()), found after it ended, still
  // running or ended since: killed and reaped before RunCommand returned.
  int leftovers = 0;
  bool exited_ok() const { return !timed_out && signal == 0 && exit_status == 0; }
};

// Runs `command` and returns once it and everything it started are gone.
Outcome RunCommand(const Command& command);

// What the grader can do here to keep the code under test in check; each is false where the
// kernel or the container does not allow it (a report says which protections were missing).
struct Protections {
  bool subreaper = false;   // processes that leave the process group are still found and killed
  bool no_network = false;  // the code under test runs without a network
  // The grader is root: the code under test runs as a user of its own (see TestUserId).
  bool separate_user = false;
  bool hidden_folders = false;  // folders can be hidden from the code under test
};
const Protections& AvailableProtections();

// The user and group id the code under test runs as when the grader is root, one per grading
// slot (students graded side by side cannot signal or read each other's processes); -1 when the
// grader is not root and cannot switch users.
long TestUserId(int slot = 0);

// The first `max_bytes` of a file, or "" if it cannot be read.
std::string ReadFile(const std::filesystem::path& path, std::size_t max_bytes = 32u << 20);

}  // namespace racelab
