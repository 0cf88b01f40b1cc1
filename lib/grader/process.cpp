#include "process.hpp"

#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "racelab/thread_state.hpp"

namespace racelab {
namespace {

// CPU time (user and system, all threads) of a running process, from /proc; -1 if unreadable.
double CpuSeconds(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat;
  std::getline(in, stat);
  const std::size_t end_of_name = stat.rfind(')');  // the name may hold spaces and parentheses
  if (end_of_name == std::string::npos) return -1;
  std::istringstream fields(stat.substr(end_of_name + 2));
  std::string field;
  unsigned long long user = 0, system = 0;
  // After the name: state is field 3; utime and stime are fields 14 and 15.
  for (int number = 3; number <= 15 && fields >> field; ++number) {
    if (number == 14) user = std::stoull(field);
    if (number == 15) system = std::stoull(field);
  }
  return static_cast<double>(user + system) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

// The grader's protections against what the code under test starts, in one place:
//
// A subreaper. A process the test binary starts can leave its process group and session
// (setsid), so that killing the group misses it; it could then wait for the grader to finish and
// rewrite a report or another exercise's test binary. As a subreaper, the grader becomes the
// parent of every such orphan instead of init, so it can find them.
bool BecomeSubreaper() {
  static const bool done = prctl(PR_SET_CHILD_SUBREAPER, 1) == 0;
  return done;
}

// A child of this process: whether it still runs (a zombie has ended), and its process group.
struct Child {
  pid_t pid;
  bool alive;
  pid_t group;
};

// The children of this process, from /proc: each process's state, parent and process group are
// the fields after its name in its stat.
std::vector<Child> Children() {
  std::vector<Child> children;
  const pid_t self = getpid();
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", error)) {
    const std::string name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream in(entry.path() / "stat");
    std::string stat;
    std::getline(in, stat);
    const auto close = stat.rfind(')');
    if (close == std::string::npos || close + 2 >= stat.size()) continue;
    std::istringstream fields(stat.substr(close + 2));
    std::string state;
    pid_t parent = 0;
    pid_t group = 0;
    if (fields >> state >> parent >> group && parent == self) {
      children.push_back({std::stoi(name), state != "Z", group});
    }
  }
  return children;
}

// After a command, every child the grader still has is a leftover of it: killed and reaped,
// over and over, as killing one hands its own children to us. Returns how many had left the
// command's process group `group` (setsid()), running or ended: such a process is handed to us as
// soon as its parent ends, so one that has ended by now is a zombie of ours, counted all the same
// (whether it ended before the tests did must not change the verdict). Members of the group were
// killed with it and may simply not have died yet (a child of the tests that hung, say).
int KillLeftovers(pid_t group) {
  int escaped = 0;
  for (int pass = 0; pass < 100; ++pass) {
    const auto children = Children();
    if (children.empty()) break;
    for (const Child& child : children) {
      escaped += child.group != group ? 1 : 0;
      kill(child.pid, SIGKILL);
    }
    for (const Child& child : children) waitpid(child.pid, nullptr, 0);
  }
  return escaped;
}

// Whether `namespaces` can be unshared, tried in a child: unprivileged containers refuse it.
bool CanUnshare(int namespaces) {
  const pid_t probe = fork();
  if (probe == 0) _exit(unshare(namespaces) == 0 ? 0 : 1);
  int status = 0;
  return probe > 0 && waitpid(probe, &status, 0) == probe && WIFEXITED(status) &&
         WEXITSTATUS(status) == 0;
}

// Whether folders can be hidden (HideFolders): a mount namespace of its own, and its mounts
// made private so that nothing mounted there shows in the grader's. In a chroot, "/" is no mount
// point and cannot be made private: mounting there could reach the host's, so nothing is hidden.
bool CanHideFolders() {
  const pid_t probe = fork();
  if (probe == 0) {
    _exit(unshare(CLONE_NEWNS) == 0 &&
                  mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) == 0
              ? 0
              : 1);
  }
  int status = 0;
  return probe > 0 && waitpid(probe, &status, 0) == probe && WIFEXITED(status) &&
         WEXITSTATUS(status) == 0;
}

}  // namespace

const Protections& AvailableProtections() {
  static const Protections protections = [] {
    Protections found;
    found.subreaper = BecomeSubreaper();
    found.no_network = CanUnshare(CLONE_NEWNET);
    found.separate_user = TestUserId() >= 0;
    found.hidden_folders = CanHideFolders();
    return found;
  }();
  return protections;
}

// Ids above 65535 belong to no account on a usual system (Debian hands out up to 65534, nobody):
// the code under test owns nothing, and no other process runs as it.
long TestUserId(int slot) { return geteuid() == 0 ? 65536 + 100 + slot : -1; }

namespace {

// In the child, between fork() and exec(): an empty, read-only folder over each hidden one, in a
// mount namespace of its own (private, so that nothing leaks back to the grader's).
// Returns false if a folder could not be hidden (the caller must not go on).
bool HideFolders(const std::vector<std::string>& hidden) {
  if (hidden.empty()) return true;
  if (unshare(CLONE_NEWNS) != 0) return false;
  if (mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) return false;
  for (const std::string& folder : hidden) {
    if (mount("racelab-hidden", folder.c_str(), "tmpfs",
              MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=4k,mode=0555") != 0 &&
        errno != ENOENT) {
      return false;
    }
  }
  return true;
}

// In the child, between fork() and exec(): says why it could not go on, in its output, and
// exits with 127. (Only calls that are safe there: write, and a constant name for errno.)
[[noreturn]] void SayAndExit(const char* what) {
  const char* error = strerrorname_np(errno);
  if (error == nullptr) error = "unknown error";
  for (const char* text : {what, error, "\n"}) {
    if (write(STDERR_FILENO, text, strlen(text)) < 0) break;
  }
  _exit(127);
}

}  // namespace

Outcome RunCommand(const Command& command) {
  BecomeSubreaper();
  Outcome outcome;
  const auto start = std::chrono::steady_clock::now();
  const pid_t parent = getpid();
  // The child's environment and arguments, made before fork(): the child only calls what is
  // safe between fork() and exec().
  std::vector<std::string> environment;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const std::string text = *entry;
    const std::string name = text.substr(0, text.find('='));
    if (std::none_of(command.environment.begin(), command.environment.end(),
                     [&](const auto& set) { return set.first == name; })) {
      environment.push_back(text);
    }
  }
  for (const auto& [name, value] : command.environment) environment.push_back(name + "=" + value);
  std::vector<char*> envp;
  for (std::string& entry : environment) envp.push_back(entry.data());
  envp.push_back(nullptr);
  std::vector<char*> argv;
  for (const std::string& arg : command.argv) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  // Where folders cannot be hidden, the report says so (Protections): the command runs as is.
  std::vector<std::string> hidden;
  if (!command.hidden.empty() && AvailableProtections().hidden_folders) {
    for (const auto& folder : command.hidden) hidden.push_back(folder.string());
  }
  const pid_t pid = fork();
  if (pid < 0) {
    outcome.exit_status = 127;
    return outcome;
  }
  if (pid == 0) {
    setpgid(0, 0);
    const int fd = open(command.output.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) {
      dup2(fd, STDOUT_FILENO);
      dup2(fd, STDERR_FILENO);
      close(fd);
    }
    const int null_in = open("/dev/null", O_RDONLY);
    if (null_in >= 0) dup2(null_in, STDIN_FILENO);
    if (command.max_output_bytes != 0) {
      // Caps every file the process writes, its output included: a flood ends it with SIGXFSZ.
      const rlimit file_size{command.max_output_bytes, command.max_output_bytes};
      setrlimit(RLIMIT_FSIZE, &file_size);
      signal(SIGXFSZ, SIG_DFL);
    }
    if (command.one_core) {
      cpu_set_t cpus;
      CPU_ZERO(&cpus);
      CPU_SET(0, &cpus);
      if (sched_setaffinity(0, sizeof(cpus), &cpus) != 0) _exit(127);
    }
    // No network for the code under test, where the kernel allows it (else it runs as it is).
    if (command.isolate_network) unshare(CLONE_NEWNET);
    if (!HideFolders(hidden))
      SayAndExit("racelab: cannot start the test binary: hiding a folder: ");
    // Last, as what needs root is done: another user, who can change none of the grader's files.
    if (command.run_as_id >= 0) {
      const auto id = static_cast<uid_t>(command.run_as_id);
      if (setgroups(0, nullptr) != 0 || setresgid(id, id, id) != 0 || setresuid(id, id, id) != 0) {
        SayAndExit("racelab: cannot start the test binary as the test user: ");
      }
    }
    // Its own process group does not get the terminal's Ctrl-C: die with the grader instead,
    // so that a hung test binary never outlives an interrupted `./lab`. (Set after the change of
    // user, which clears it.)
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);
    if (!command.working_dir.empty() && chdir(command.working_dir.c_str()) != 0) _exit(127);
    execvpe(argv[0], argv.data(), envp.data());
    SayAndExit("racelab: cannot start the test binary: ");
  }
  setpgid(pid, pid);

  int status = 0;
  // The last time the process was seen using CPU, and how much it had used then.
  auto busy_at = start;
  double busy_cpu_seconds = 0;
  for (;;) {
    rusage usage{};
    const pid_t done = wait4(pid, &status, WNOHANG, &usage);
    if (done == pid) {
      const auto seconds = [](const timeval& t) { return t.tv_sec + t.tv_usec / 1e6; };
      outcome.cpu_seconds = seconds(usage.ru_utime) + seconds(usage.ru_stime);
      break;
    }
    const double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (command.cpu_limit_seconds > 0 || command.stall_seconds > 0) {
      outcome.cpu_seconds = std::max(outcome.cpu_seconds, CpuSeconds(pid));
    }
    const auto now = std::chrono::steady_clock::now();
    if (outcome.cpu_seconds > busy_cpu_seconds + 0.05) {
      busy_at = now;
      busy_cpu_seconds = outcome.cpu_seconds;
    }
    const bool stalled =
        command.stall_seconds > 0 &&
        std::chrono::duration<double>(now - busy_at).count() > command.stall_seconds &&
        AllThreadsBlocked(pid);
    if (stalled || elapsed > command.timeout_seconds ||
        (command.cpu_limit_seconds > 0 && outcome.cpu_seconds > command.cpu_limit_seconds)) {
      outcome.timed_out = true;
      outcome.all_threads_blocked = stalled || AllThreadsBlocked(pid);
      kill(-pid, SIGKILL);
      waitpid(pid, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(elapsed < 1 ? 2 : 10));
  }
  // Anything the process group left behind goes too, and then whatever left the group.
  kill(-pid, SIGKILL);
  outcome.leftovers = KillLeftovers(pid);
  outcome.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!outcome.timed_out) {
    if (WIFEXITED(status)) outcome.exit_status = WEXITSTATUS(status);
    if (WIFSIGNALED(status)) outcome.signal = WTERMSIG(status);
  }
  return outcome;
}

std::string ReadFile(const std::filesystem::path& path, std::size_t max_bytes) {
  std::ifstream in(path, std::ios::binary);
  std::string text;
  char buffer[1 << 16];
  while (text.size() < max_bytes && in.read(buffer, sizeof buffer).gcount() > 0) {
    text.append(buffer, std::min<std::size_t>(static_cast<std::size_t>(in.gcount()),
                                              max_bytes - text.size()));
  }
  return text;
}

}  // namespace racelab
