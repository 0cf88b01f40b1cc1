// copy-vs-share: what does sending data to worker processes cost, compared to threads that
// share it?
//
// The notes the course grew from say that Python's multiprocessing pickles the data it passes
// to a worker process, so every worker builds its own copy. Here N workers (1..4) each need the
// whole dataset (128 MiB of numbers, as when every worker looks things up in the same table) and
// each does 1/N of the work: it sums its N-th of the numbers. Four ways to give them the data:
//   copy     N new processes (posix_spawn of this program, like multiprocessing's "spawn"); the
//            parent serializes the dataset and writes it through a pipe to each worker in turn,
//            and each reads it into memory of its own. Our serialization is the cheapest there
//            is (a count, then the raw bytes): pickling Python objects costs more.
//   fork     N fork()ed children read the parent's dataset in place: copy-on-write shares every
//            page until someone writes to it, and these children only read (through a pointer
//            to const). In Python even reading an object writes its reference count, so the
//            pages holding objects do get copied; a NumPy array's numbers would not.
//   shared   N new processes (posix_spawn, like "copy") map one shared memory object (a memfd,
//            like Python's multiprocessing.shared_memory) read-only: nothing is copied.
//   threads  N threads of the parent read the same array: nothing is copied.
//
// MB here means 2^20 bytes.
//
// Time: from starting the first worker until the parent has every worker's sum (the workers'
// teardown is not included). Memory: measured at that moment, while every worker still holds its
// data: the peak. It is the sum of the proportional set sizes (Pss in /proc/<pid>/smaps_rollup)
// of the parent and its workers: a page mapped by k processes counts 1/k in each, so a shared
// page counts once in the sum, however many processes share it. The resident set size (Rss)
// would count it once per process: it makes fork look as costly as copying (printed, and drawn
// dashed, to show it). A cgroup's memory.peak would measure the same from the kernel's side; on
// machines where the cgroup v2 memory controller is not ours to use, Pss is what we have.
#include <fcntl.h>
#include <spawn.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <latch>
#include <memory>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include "spread.hpp"

extern char** environ;

namespace {

using Number = std::uint64_t;

[[noreturn]] void Fail(const std::string& what) {
  throw std::system_error(errno, std::generic_category(), what);
}

// Reads or writes exactly `bytes` bytes (a pipe moves at most its buffer's size at a time).
// False at end-of-file or on an error.
bool ReadAll(int fd, void* buffer, size_t bytes) {
  auto* at = static_cast<char*>(buffer);
  while (bytes > 0) {
    const ssize_t n = read(fd, at, bytes);
    if (n == 0 || (n < 0 && errno != EINTR)) return false;
    if (n > 0) at += n, bytes -= n;
  }
  return true;
}

bool WriteAll(int fd, const void* buffer, size_t bytes) {
  const auto* at = static_cast<const char*>(buffer);
  while (bytes > 0) {
    const ssize_t n = write(fd, at, bytes);
    if (n < 0 && errno != EINTR) return false;
    if (n > 0) at += n, bytes -= n;
  }
  return true;
}

// Blocks until the other end of `fd` is closed: how a worker waits to be let go.
void WaitForEof(int fd) {
  char byte;
  while (read(fd, &byte, 1) > 0 || errno == EINTR) {
  }
}

// Worker `index` of `workers` sums this part of the numbers.
Number SumSlice(const Number* numbers, size_t count, int index, int workers) {
  Number sum = 0;
  for (size_t i = count * index / workers; i < count * (index + 1) / workers; ++i)
    sum += numbers[i];
  return sum;
}

// ---------------------------------------------------------------------------------------------
// The workers that run as new programs (this one, started with --copy-worker or --shm-worker).
// Standard input: the data (copy) or nothing (shared); its end-of-file lets the worker go.
// Standard output: the worker's sum.

int CopyWorker(int index, int workers) {
  size_t count;
  if (!ReadAll(STDIN_FILENO, &count, sizeof count)) return 1;
  std::unique_ptr<Number[]> numbers(new Number[count]);  // its own copy, filled by read()
  if (!ReadAll(STDIN_FILENO, numbers.get(), count * sizeof(Number))) return 1;
  const Number sum = SumSlice(numbers.get(), count, index, workers);
  if (!WriteAll(STDOUT_FILENO, &sum, sizeof sum)) return 1;
  WaitForEof(STDIN_FILENO);
  return 0;
}

constexpr int kSharedFd = 3;  // where a shared worker finds the memfd

int SharedWorker(int index, int workers, size_t count) {
  const size_t bytes = count * sizeof(Number);
  void* mapped = mmap(nullptr, bytes, PROT_READ, MAP_SHARED, kSharedFd, 0);
  if (mapped == MAP_FAILED) return 1;
  const Number sum = SumSlice(static_cast<const Number*>(mapped), count, index, workers);
  if (!WriteAll(STDOUT_FILENO, &sum, sizeof sum)) return 1;
  WaitForEof(STDIN_FILENO);
  munmap(mapped, bytes);
  return 0;
}

// ---------------------------------------------------------------------------------------------
// The dataset, in the parent: private memory (copy, fork, threads) or a shared memfd (shared).

class Dataset {
 public:
  Dataset(size_t count, bool shared) : count_(count), bytes_(count * sizeof(Number)) {
    int flags = MAP_PRIVATE | MAP_ANONYMOUS;
    if (shared) {
      fd_ = memfd_create("copy-vs-share", MFD_CLOEXEC);
      if (fd_ < 0 || ftruncate(fd_, bytes_) != 0) Fail("memfd_create");
      flags = MAP_SHARED;
    }
    void* mapped = mmap(nullptr, bytes_, PROT_READ | PROT_WRITE, flags, fd_, 0);
    if (mapped == MAP_FAILED) Fail("mmap");
    numbers_ = static_cast<Number*>(mapped);
    for (size_t i = 0; i < count; ++i) {
      numbers_[i] = i * 2654435761u % 1000;  // numbers that are not zero: real pages
      sum_ += numbers_[i];
    }
  }
  ~Dataset() {
    munmap(numbers_, bytes_);
    if (fd_ >= 0) close(fd_);
  }
  Dataset(const Dataset&) = delete;
  Dataset& operator=(const Dataset&) = delete;

  const Number* numbers() const { return numbers_; }
  size_t count() const { return count_; }
  size_t bytes() const { return bytes_; }
  int fd() const { return fd_; }
  Number sum() const { return sum_; }

 private:
  size_t count_, bytes_;
  int fd_ = -1;
  Number* numbers_;
  Number sum_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Memory, from the kernel's accounting.

struct Memory {
  double pss_mb = 0, rss_mb = 0;
};

// Adds the Pss and Rss of process `pid` ("self" for the parent) to `total`.
void AddMemoryOf(const std::string& pid, Memory& total) {
  std::ifstream rollup("/proc/" + pid + "/smaps_rollup");
  if (!rollup) throw std::runtime_error("cannot read /proc/" + pid + "/smaps_rollup (Linux 4.14+)");
  for (std::string line; std::getline(rollup, line);) {
    if (line.starts_with("Pss:")) total.pss_mb += std::stod(line.substr(4)) / 1024;
    if (line.starts_with("Rss:")) total.rss_mb += std::stod(line.substr(4)) / 1024;
  }
}

// ---------------------------------------------------------------------------------------------
// Worker processes, seen from the parent. The destructor lets every worker go (closing its
// standard input) and reaps it, on every path: no zombie, no worker left behind. A worker
// whose parent dies sees the same end-of-file and exits too.

struct Child {
  pid_t pid = -1;
  int to = -1;    // its standard input (data, then end-of-file lets it go)
  int from = -1;  // its standard output (the sum)
};

class Children {
 public:
  ~Children() { Release(); }  // on an error path: the workers' own failures do not matter

  // Starts this program as a worker with `args`; the memfd `shared_fd`, if any, becomes its fd 3.
  void Spawn(const std::vector<std::string>& args, int shared_fd = -1) {
    int to[2], from[2];
    if (pipe2(to, O_CLOEXEC) != 0 || pipe2(from, O_CLOEXEC) != 0) Fail("pipe2");
    fcntl(to[1], F_SETPIPE_SZ, 1 << 20);  // 1 MiB at a time instead of 64 KiB, if allowed
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, to[0], STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&actions, from[1], STDOUT_FILENO);
    if (shared_fd >= 0) posix_spawn_file_actions_adddup2(&actions, shared_fd, kSharedFd);
    std::vector<char*> argv{const_cast<char*>("/proc/self/exe")};
    for (const std::string& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    pid_t pid;
    const int error = posix_spawn(&pid, "/proc/self/exe", &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(to[0]);
    close(from[1]);
    children_.push_back({error == 0 ? pid : -1, to[1], from[0]});
    if (error != 0) errno = error, Fail("posix_spawn");
  }

  // Forks a child that runs `work` (it must only read the parent's memory), sends its result,
  // waits to be let go and exits.
  template <class Work>
  void Fork(Work work) {
    int to[2], from[2];
    if (pipe2(to, O_CLOEXEC) != 0 || pipe2(from, O_CLOEXEC) != 0) Fail("pipe2");
    const pid_t pid = fork();
    if (pid == 0) {
      // The child holds copies of every pipe end the parent holds: it closes those of the
      // other workers, so that each worker sees end-of-file when the parent closes its own.
      for (const Child& other : children_) close(other.to), close(other.from);
      close(to[1]);
      close(from[0]);
      const Number sum = work();
      const bool sent = WriteAll(from[1], &sum, sizeof sum);
      WaitForEof(to[0]);
      _exit(sent ? 0 : 1);  // not exit(): the parent's exit handlers and buffers are not ours
    }
    close(to[0]);
    close(from[1]);
    children_.push_back({pid, to[1], from[0]});
    if (pid < 0) Fail("fork");
  }

  const std::vector<Child>& all() const { return children_; }

  // Lets every worker go and reaps it. False if one of them failed.
  bool Release() {
    bool failed = false;
    for (Child& child : children_) {
      close(child.to);
      close(child.from);
      int status = 0;
      if (child.pid > 0) {
        while (waitpid(child.pid, &status, 0) < 0 && errno == EINTR) {
        }
        failed |= !WIFEXITED(status) || WEXITSTATUS(status) != 0;
      }
    }
    children_.clear();
    return !failed;
  }

 private:
  std::vector<Child> children_;
};

// ---------------------------------------------------------------------------------------------
// One run of one way with N workers.

enum Way { kCopy, kFork, kShared, kThreads };
const char* const kWayNames[] = {"copy", "fork", "shared", "threads"};
const char* const kWayLabels[] = {"copy to processes", "fork (copy-on-write)", "shared mmap",
                                  "threads"};

struct Result {
  double seconds;
  Memory memory;
};

using Clock = std::chrono::steady_clock;

Result RunOnce(Way way, int workers, size_t count) {
  const Dataset data(count, way == kShared);  // made before the clock starts
  Number total = 0;
  Result result;

  if (way == kThreads) {
    std::vector<Number> sums(workers);
    std::latch done(workers), release(1);
    std::vector<std::thread> threads;
    const Clock::time_point start = Clock::now();
    for (int i = 0; i < workers; ++i) {
      threads.emplace_back([&, i] {
        sums[i] = SumSlice(data.numbers(), count, i, workers);
        done.count_down();
        release.wait();  // hold on, like the processes, while the memory is measured
      });
    }
    done.wait();
    result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    AddMemoryOf("self", result.memory);
    release.count_down();
    for (std::thread& thread : threads) thread.join();
    for (Number sum : sums) total += sum;
  } else {
    Children children;
    const Clock::time_point start = Clock::now();
    for (int i = 0; i < workers; ++i) {
      const std::string index = std::to_string(i), n = std::to_string(workers);
      if (way == kCopy) {
        children.Spawn({"--copy-worker", index, n});
        // Serialize and send: the header, then the numbers, written into the pipe.
        const Child& child = children.all().back();
        if (!WriteAll(child.to, &count, sizeof count) ||
            !WriteAll(child.to, data.numbers(), data.bytes())) {
          Fail("writing the data to a worker");
        }
      } else if (way == kShared) {
        children.Spawn({"--shm-worker", index, n, std::to_string(count)}, data.fd());
      } else {
        children.Fork([&data, count, i, workers] {
          return SumSlice(data.numbers(), count, i, workers);  // reads, never writes
        });
      }
    }
    for (const Child& child : children.all()) {
      Number sum;
      if (!ReadAll(child.from, &sum, sizeof sum)) throw std::runtime_error("a worker sent no sum");
      total += sum;
    }
    result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    AddMemoryOf("self", result.memory);
    for (const Child& child : children.all()) AddMemoryOf(std::to_string(child.pid), result.memory);
    if (!children.Release()) throw std::runtime_error("a worker failed");
  }
  if (total != data.sum()) throw std::runtime_error("the workers' sums do not add up");
  return result;
}

// ---------------------------------------------------------------------------------------------

std::string Cell(const Spread& s) {
  char text[64];
  std::snprintf(text, sizeof text, "%.0f [%.0f-%.0f]", s.median, s.min, s.max);
  return text;
}

int Run(const std::filesystem::path& output_dir, bool quick) {
  const size_t megabytes = quick ? 16 : 128;
  const size_t count = (megabytes << 20) / sizeof(Number);
  const int max_workers = 4, repetitions = quick ? 1 : 5;
  std::signal(SIGPIPE, SIG_IGN);  // a worker that dies makes write() fail instead of killing us

  std::printf(
      "copy-vs-share: N workers each need the whole dataset (%zu MB of numbers) and sum\n"
      "their N-th of it. Median of %d runs [min-max].\n"
      "Time: from starting the workers until the parent has every sum.\n"
      "Memory: the peak, while every worker holds its data: Pss summed over the parent and "
      "its workers.\n\n",
      megabytes, repetitions);

  // spread[way][workers - 1]
  std::vector<std::vector<Spread>> time_ms(4), pss_mb(4), rss_mb(4);
  for (int workers = 1; workers <= max_workers; ++workers) {
    for (int way = kCopy; way <= kThreads; ++way) {
      std::vector<double> ms, pss, rss;
      for (int r = 0; r < repetitions; ++r) {
        const Result result = RunOnce(static_cast<Way>(way), workers, count);
        ms.push_back(result.seconds * 1000);
        pss.push_back(result.memory.pss_mb);
        rss.push_back(result.memory.rss_mb);
      }
      time_ms[way].push_back(Summarize(ms));
      pss_mb[way].push_back(Summarize(pss));
      rss_mb[way].push_back(Summarize(rss));
    }
  }

  std::filesystem::create_directories(output_dir);
  std::ofstream tsv(output_dir / "copy-vs-share.tsv");
  tsv << "# workers";
  for (const char* way : kWayNames) {
    for (const char* what : {"ms", "pss_MB", "rss_MB"}) {
      tsv << '\t' << way << '_' << what << "_median\t" << way << '_' << what << "_min\t" << way
          << '_' << what << "_max";
    }
  }
  tsv << '\n';
  for (int w = 0; w < max_workers; ++w) {
    tsv << w + 1;
    for (int way = kCopy; way <= kThreads; ++way) {
      for (const auto* table : {&time_ms, &pss_mb, &rss_mb}) {
        const Spread& s = (*table)[way][w];
        tsv << '\t' << s.median << '\t' << s.min << '\t' << s.max;
      }
    }
    tsv << '\n';
  }

  const auto print_table = [&](const char* title, const std::vector<std::vector<Spread>>& table) {
    std::printf("%s\n%-22s", title, "workers");
    for (int w = 1; w <= max_workers; ++w) std::printf(" %-16d", w);
    std::printf("\n");
    for (int way = kCopy; way <= kThreads; ++way) {
      std::printf("%-22s", kWayLabels[way]);
      for (const Spread& s : table[way]) std::printf(" %-16s", Cell(s).c_str());
      std::printf("\n");
    }
    std::printf("\n");
  };
  print_table("Time (ms)", time_ms);
  print_table("Peak memory (MB, Pss summed)", pss_mb);
  print_table("What Rss summed would say instead (MB): shared pages counted once per process",
              rss_mb);

  const int n = max_workers - 1;
  const auto time_of = [&](Way way) { return time_ms[way][n].median; };
  const auto memory_of = [&](Way way) { return pss_mb[way][n].median; };
  std::printf(
      "With %d workers and %zu MB of data, copying it to each process took %.0f ms (%.0f times "
      "the threads' %.0f ms) and %.0f MB at the peak (%.1f times the threads' %.0f MB); fork "
      "took %.0f ms and %.0f MB (Rss would have claimed %.0f MB), a shared mapping %.0f ms and "
      "%.0f MB.\n",
      max_workers, megabytes, time_of(kCopy), time_of(kCopy) / time_of(kThreads), time_of(kThreads),
      memory_of(kCopy), memory_of(kCopy) / memory_of(kThreads), memory_of(kThreads), time_of(kFork),
      memory_of(kFork), rss_mb[kFork][n].median, time_of(kShared), memory_of(kShared));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  try {
    if (args.size() == 3 && args[0] == "--copy-worker") {
      return CopyWorker(std::stoi(args[1]), std::stoi(args[2]));
    }
    if (args.size() == 4 && args[0] == "--shm-worker") {
      return SharedWorker(std::stoi(args[1]), std::stoi(args[2]), std::stoul(args[3]));
    }
    std::filesystem::path output_dir = ".";
    bool quick = false;
    for (size_t i = 0; i < args.size(); ++i) {
      if (args[i] == "--quick") {
        quick = true;
      } else if (args[i] == "--output-dir" && i + 1 < args.size()) {
        output_dir = args[++i];
      } else {
        std::cerr << "usage: " << argv[0] << " [--output-dir DIR] [--quick]\n";
        return 1;
      }
    }
    return Run(output_dir, quick);
  } catch (const std::exception& e) {
    std::cerr << "copy-vs-share: " << e.what() << '\n';
    return 1;
  }
}
