// spawn-cost: is starting a thread really cheaper than starting a process?
//
// The notes the course grew from say that a process is heavier to start than a thread. Here we
// start something that does nothing and wait until it has ended, three ways:
//   thread       std::thread, then join(): a new task that shares this process's memory.
//   fork         fork(), the child calls _exit(0) at once, then waitpid(). The child starts as a
//                copy of the parent. The copy is lazy (copy-on-write: no page is copied until one
//                side writes it), but the kernel must copy the page tables that map every page
//                the parent has touched, so fork gets slower as the parent grows.
//   posix_spawn  posix_spawn() of idle_child (a tiny static program that exits at once), then
//                waitpid(). glibc starts it with vfork semantics (the child borrows the parent's
//                memory until it runs the new program): nothing is copied, whatever the size.
// Each is measured with a parent that has touched 1 MB up to 1 GB of memory, because fork's cost
// depends on it: that is where "a process is expensive" comes from.
//
// MB and KiB here mean 2^20 and 2^10 bytes.
//
// Times come from Google Benchmark: each repetition times many start-and-join rounds and gives
// the mean of one round; we report the median of the repetitions, with their min-max.
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <pthread.h>
#include <spawn.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <latch>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include "spread.hpp"

extern char** environ;

namespace {

// ---------------------------------------------------------------------------------------------
// The parent's size.

// `megabytes` of anonymous memory, every page written once, so that the parent really owns it.
// 4 KiB pages (huge pages switched off for it), as a heap of many small objects usually gets:
// with 2 MiB pages, fork would have 512 times fewer page-table entries to copy.
class Ballast {
 public:
  explicit Ballast(size_t megabytes) : bytes_(megabytes << 20) {
    data_ = mmap(nullptr, bytes_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (data_ == MAP_FAILED) throw std::system_error(errno, std::generic_category(), "mmap");
    madvise(data_, bytes_, MADV_NOHUGEPAGE);
    std::memset(data_, 1, bytes_);
  }
  ~Ballast() { munmap(data_, bytes_); }
  Ballast(const Ballast&) = delete;
  Ballast& operator=(const Ballast&) = delete;

 private:
  size_t bytes_;
  void* data_;
};

// ---------------------------------------------------------------------------------------------
// Time: one round is "start it, wait until it has ended".

// Waits for the child `pid` to end (so it leaves no zombie); true if it exited with status 0.
bool Reap(pid_t pid) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return false;
  }
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

void StartThread(benchmark::State& state) {
  for (auto _ : state) {
    std::thread thread([] {});
    thread.join();
  }
}

void StartFork(benchmark::State& state) {
  for (auto _ : state) {
    const pid_t pid = fork();
    if (pid == 0) _exit(0);  // the child: does nothing, runs no exit handlers of the parent's
    if (pid < 0 || !Reap(pid)) {
      state.SkipWithError("fork or waitpid failed");
      break;
    }
  }
}

void StartSpawn(benchmark::State& state, const std::string& program) {
  char* argv[] = {const_cast<char*>(program.c_str()), nullptr};
  for (auto _ : state) {
    pid_t pid;
    if (posix_spawn(&pid, program.c_str(), nullptr, nullptr, argv, environ) != 0 || !Reap(pid)) {
      state.SkipWithError("posix_spawn or waitpid failed");
      break;
    }
  }
}

// Keeps each repetition's time per round (µs), by benchmark; prints nothing.
class Collector : public benchmark::BenchmarkReporter {
 public:
  bool ReportContext(const Context&) override { return true; }
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& run : runs) {
      if (run.error_occurred) {
        error_ = run.run_name.function_name + ": " + run.error_message;
      } else if (run.run_type == Run::RT_Iteration) {
        micros_[run.run_name.function_name].push_back(run.GetAdjustedRealTime());
      }
    }
  }
  std::map<std::string, std::vector<double>> micros_;
  std::string error_;
};

// ---------------------------------------------------------------------------------------------
// Memory: what the new thread or process holds that nobody else does, in KiB, read from the
// kernel's accounting while it is alive.
//   - A process: the pages only it maps and has written (Private_Dirty in
//     /proc/<pid>/smaps_rollup), plus the page tables the kernel built for it (VmPTE in
//     /proc/<pid>/status). Pages a forked child still shares with its parent copy-on-write are
//     not counted: they exist once, whoever maps them (its resident set size would count them
//     all again). Nor are the program's code pages: they sit in the page cache, shared by every
//     process that runs the program.
//   - A thread: the pages of its stack block (which also holds its thread-local storage) that
//     are in memory, asked with mincore(). It has no page tables of its own: it shares its
//     process's. Its stack's size is only reserved address space until pages are touched.
// Not counted, because /proc does not show them per task: the kernel's own structures for every
// task (on x86-64 a 16 KiB kernel stack, plus bookkeeping), which a thread and a process both
// get; a process also gets its own memory map and file table.

// The value of `field` ("Private_Dirty", "VmPTE") in a /proc file of "Field:   123 kB" lines.
long ReadKb(const std::string& path, const std::string& field) {
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with(field + ":")) return std::stol(line.substr(field.size() + 1));
  }
  throw std::runtime_error("no " + field + " in " + path +
                           " (smaps_rollup needs Linux 4.14 or newer)");
}

struct ThreadMemory {
  double own_kb;       // pages of its stack block in memory
  double reserved_kb;  // the stack's size: address space, not memory
};

ThreadMemory MeasureThread() {
  std::latch started(1), release(1);
  std::thread thread([&] {
    started.count_down();
    release.wait();
  });
  started.wait();
  void* stack = nullptr;
  size_t size = 0;
  pthread_attr_t attributes;
  const bool known = pthread_getattr_np(thread.native_handle(), &attributes) == 0 &&
                     pthread_attr_getstack(&attributes, &stack, &size) == 0;
  const size_t page = sysconf(_SC_PAGESIZE);
  std::vector<unsigned char> resident((size + page - 1) / page);  // one byte per page
  const bool asked = known && mincore(stack, size, resident.data()) == 0;
  release.count_down();
  thread.join();
  if (known) pthread_attr_destroy(&attributes);
  if (!asked) throw std::system_error(errno, std::generic_category(), "mincore of a stack");
  const long in_memory = std::count_if(resident.begin(), resident.end(), [](unsigned char p) {
    return p & 1;  // bit 0: the page is in memory
  });
  return {in_memory * page / 1024.0, size / 1024.0};
}

struct ProcessMemory {
  double own_kb;          // written pages only it maps, plus its page tables
  double page_tables_kb;  // of which page tables
};

// Starts a process that stays alive until we let it go (with fork, or with posix_spawn of
// `program` given "--park"), reads its memory, lets it go and reaps it.
ProcessMemory MeasureProcess(const std::string& program) {
  int ready[2], release[2];  // ready: child -> parent, one byte; release: closed to let it go
  if (pipe2(ready, O_CLOEXEC) != 0 || pipe2(release, O_CLOEXEC) != 0) {
    throw std::system_error(errno, std::generic_category(), "pipe2");
  }
  pid_t pid = -1;
  if (program.empty()) {
    pid = fork();
    if (pid == 0) {
      close(ready[0]);
      close(release[1]);
      char byte = 1;
      if (write(ready[1], &byte, 1) != 1) _exit(1);
      while (read(release[0], &byte, 1) > 0) {
      }
      _exit(0);
    }
  } else {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, release[0], STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&actions, ready[1], STDOUT_FILENO);
    char* argv[] = {const_cast<char*>(program.c_str()), const_cast<char*>("--park"), nullptr};
    if (posix_spawn(&pid, program.c_str(), &actions, nullptr, argv, environ) != 0) pid = -1;
    posix_spawn_file_actions_destroy(&actions);
  }
  close(ready[1]);
  close(release[0]);
  char byte;
  const bool running = pid > 0 && read(ready[0], &byte, 1) == 1;
  ProcessMemory memory{-1, -1};
  std::string error = "could not start the child";
  if (running) {
    try {
      const std::string proc = "/proc/" + std::to_string(pid);
      memory.page_tables_kb = ReadKb(proc + "/status", "VmPTE");
      memory.own_kb = ReadKb(proc + "/smaps_rollup", "Private_Dirty") + memory.page_tables_kb;
    } catch (const std::exception& e) {
      error = e.what();
    }
  }
  close(release[1]);  // the child sees end-of-file and exits
  close(ready[0]);
  if (pid > 0) Reap(pid);
  if (memory.own_kb < 0) throw std::runtime_error(error);
  return memory;
}

// ---------------------------------------------------------------------------------------------

const char* const kWays[] = {"thread", "fork", "posix_spawn"};
const char* const kWayLabels[] = {"thread + join", "fork + waitpid", "posix_spawn + waitpid"};

std::string Cell(const Spread& s, int precision) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*f [%.*f-%.*f]", precision, s.median, precision, s.min,
                precision, s.max);
  return text;
}

int Run(const std::filesystem::path& output_dir, bool quick) {
  const std::string idle_child =
      (std::filesystem::read_symlink("/proc/self/exe").parent_path() / IDLE_CHILD).string();
  if (access(idle_child.c_str(), X_OK) != 0) {
    std::cerr << "spawn-cost: " << idle_child << " is missing: build the target "
              << "racelab_spawn-cost_idle_child\n";
    return 1;
  }
  // The child was just linked: its pages in the page cache are still dirty (not yet written to
  // disk) and would count as Private_Dirty in the child. Writing them to disk first makes them
  // clean page cache, shared like any program's code.
  if (const int fd = open(idle_child.c_str(), O_RDONLY); fd >= 0) {
    fsync(fd);
    close(fd);
  }
  const std::vector<size_t> sizes_mb =
      quick ? std::vector<size_t>{1, 64} : std::vector<size_t>{1, 16, 256, 1024};
  const int repetitions = quick ? 3 : 15;
  const double seconds_per_repetition = quick ? 0.02 : 0.1;
  const int memory_samples = quick ? 1 : 5;

  std::filesystem::create_directories(output_dir);
  std::ofstream time_tsv(output_dir / "time.tsv"), memory_tsv(output_dir / "memory.tsv");
  time_tsv << "# parent_MB";
  memory_tsv << "# parent_MB";
  for (const char* way : kWays) {
    time_tsv << '\t' << way << "_median_us\t" << way << "_min_us\t" << way << "_max_us";
    memory_tsv << '\t' << way << "_median_KiB\t" << way << "_min_KiB\t" << way << "_max_KiB";
  }
  time_tsv << '\n';
  memory_tsv << '\n';

  std::printf("spawn-cost: start something that does nothing and wait until it has ended.\n");
  std::printf("posix_spawn starts %s (static, exits at once).\n", IDLE_CHILD);
  std::printf("Time: microseconds per start-and-wait, median of %d repetitions [min-max].\n",
              repetitions);
  std::printf("Memory: KiB the new task owns alone (written pages + page tables), median of %d.\n",
              memory_samples);
  std::printf("A thread's stack is reserved address space, not memory, until it is touched.\n\n");
  std::printf("%-9s %-22s %-28s %-28s %-28s\n", "parent", "", kWayLabels[0], kWayLabels[1],
              kWayLabels[2]);

  int fake_argc = 1;
  char program_name[] = "spawn-cost";
  char* fake_argv[] = {program_name, nullptr};
  benchmark::Initialize(&fake_argc, fake_argv);

  std::map<std::string, std::map<size_t, Spread>> times;  // for the closing sentence
  std::map<std::string, std::map<size_t, Spread>> memories;
  std::map<size_t, double> fork_page_tables_kb;
  for (const size_t mb : sizes_mb) {
    const Ballast ballast(mb);

    benchmark::ClearRegisteredBenchmarks();
    for (auto* b : {benchmark::RegisterBenchmark("thread", StartThread),
                    benchmark::RegisterBenchmark("fork", StartFork),
                    benchmark::RegisterBenchmark("posix_spawn", StartSpawn, idle_child)}) {
      b->Repetitions(repetitions)->MinTime(seconds_per_repetition)->UseRealTime();
      b->Unit(benchmark::kMicrosecond);
    }
    Collector collector;
    benchmark::RunSpecifiedBenchmarks(&collector);
    if (!collector.error_.empty()) {
      std::cerr << "spawn-cost: " << collector.error_ << '\n';
      return 1;
    }

    std::vector<double> thread_kb, reserved_kb, fork_kb, fork_tables_kb, spawn_kb, spawn_tables_kb;
    for (int i = 0; i < memory_samples; ++i) {
      const ThreadMemory thread = MeasureThread();
      thread_kb.push_back(thread.own_kb);
      reserved_kb.push_back(thread.reserved_kb);
      const ProcessMemory forked = MeasureProcess(""), spawned = MeasureProcess(idle_child);
      fork_kb.push_back(forked.own_kb);
      fork_tables_kb.push_back(forked.page_tables_kb);
      spawn_kb.push_back(spawned.own_kb);
      spawn_tables_kb.push_back(spawned.page_tables_kb);
    }
    fork_page_tables_kb[mb] = Summarize(fork_tables_kb).median;
    memories["thread"][mb] = Summarize(thread_kb);
    memories["fork"][mb] = Summarize(fork_kb);
    memories["posix_spawn"][mb] = Summarize(spawn_kb);

    time_tsv << mb;
    memory_tsv << mb;
    for (const char* way : kWays) {
      const Spread t = times[way][mb] = Summarize(collector.micros_[way]);
      const Spread m = memories[way][mb];
      time_tsv << '\t' << t.median << '\t' << t.min << '\t' << t.max;
      memory_tsv << '\t' << m.median << '\t' << m.min << '\t' << m.max;
    }
    time_tsv << '\n';
    memory_tsv << '\n';

    const std::string parent = std::to_string(mb) + " MB";
    std::printf("%-9s %-22s", parent.c_str(), "time (us)");
    for (const char* way : kWays) std::printf(" %-28s", Cell(times[way][mb], 1).c_str());
    std::printf("\n%-9s %-22s", "", "memory (KiB)");
    for (const char* way : kWays) std::printf(" %-28s", Cell(memories[way][mb], 0).c_str());
    std::printf("\n%-9s %-22s %-28s %-28s %-28s\n", "", "  of which page tables", "-",
                (std::to_string(std::lround(fork_page_tables_kb[mb])) + " KiB").c_str(),
                (std::to_string(std::lround(Summarize(spawn_tables_kb).median)) + " KiB").c_str());
    std::printf("%-9s %-22s %.0f KiB of addresses for the stack\n", "", "  a thread reserves",
                Summarize(reserved_kb).median);
    std::fflush(stdout);
  }

  const size_t small = sizes_mb.front(), big = sizes_mb.back();
  const double thread_us = times["thread"][big].median, fork_us = times["fork"][big].median,
               spawn_us = times["posix_spawn"][big].median;
  std::printf(
      "\nWith a %zu MB parent, fork + waitpid takes %.0f us (%.0f times a thread's %.1f us) and "
      "the child owns %.0f KiB, %.0f KiB of it copied page tables; with a %zu MB parent fork "
      "takes %.0f us. posix_spawn takes %.0f us whatever the parent's size (%.0f us at %zu MB), "
      "and a thread owns %.0f KiB.\n",
      big, fork_us, fork_us / thread_us, thread_us, memories["fork"][big].median,
      fork_page_tables_kb[big], small, times["fork"][small].median, spawn_us,
      times["posix_spawn"][small].median, small, memories["thread"][big].median);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::filesystem::path output_dir = ".";
  bool quick = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--quick") {
      quick = true;
    } else if (arg == "--output-dir" && i + 1 < argc) {
      output_dir = argv[++i];
    } else {
      std::cerr << "usage: " << argv[0] << " [--output-dir DIR] [--quick]\n";
      return 1;
    }
  }
  try {
    return Run(output_dir, quick);
  } catch (const std::exception& e) {
    std::cerr << "spawn-cost: " << e.what() << '\n';
    return 1;
  }
}
