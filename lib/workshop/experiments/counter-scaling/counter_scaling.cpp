// Experiment counter-scaling: "What does each fix cost?"
//
// Every level-1 fix of the shared counter (exercises 01, 02 and 03, their reference solutions)
// counts as fast as it can for a fixed time with 1, 2, ... threads, more threads than cores
// included. The claims it checks:
//   1. A mutex or one shared atomic does not scale: all threads write one cache line, so adding
//      threads adds no throughput, and past the core count a lock gets slower still.
//   2. Shards scale only when padded: unpadded shards share cache lines (false sharing) and are
//      as slow as one shared counter, though no two threads ever write the same count.
//   3. How close the best sharded fix comes to the no-sharing limit, each thread counting in a
//      private counter of its own through the same call (the course's goal: 80 %, as a ratio in
//      the same run). Both scale with the cores; what separates them is the work a sharded
//      counter does on every increment to find the calling thread's shard (a hash-table lookup
//      in the reference solutions), which the limit does not have.
//
// Why our own loop and not Google Benchmark's ->Threads(n): Benchmark runs the same number of
// iterations in every thread and reports the mean of the threads' own times. With more threads
// than cores, threads finish at different times, so that mean is shorter than the time the work
// took and the rate comes out too high; and once the fast threads are done, the last ones count
// alone, without the contention we want to measure. Here every thread counts until one common
// stop, and the rate is all the increments divided by the one wall-clock interval.
#include <sched.h>
#include <time.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <latch>
#include <map>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "spread.hpp"
#include "variant.hpp"

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  std::string output_dir;
  bool quick = false;
};

struct Plan {
  std::vector<int> threads;
  int rounds;
  std::chrono::milliseconds duration;  // of one measurement
};

// What the kernel lets this process run on (taskset and cgroups included), not what is built in.
int UsableCores() {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) != 0) return std::thread::hardware_concurrency();
  return CPU_COUNT(&set);
}

// 1, 2, 3, 4, 8 threads, plus the core count, one more, and twice as many on larger machines.
// Always the core count: the headline is measured there.
Plan MakePlan(bool quick, int cores) {
  std::vector<int> threads = {1, 2, 3, 4, 8, cores, cores + 1, 2 * cores};
  if (quick) threads = {1, cores, cores + 1};
  std::sort(threads.begin(), threads.end());
  threads.erase(std::unique(threads.begin(), threads.end()), threads.end());
  if (quick) return {threads, 3, std::chrono::milliseconds(20)};
  return {threads, 7, std::chrono::milliseconds(200)};
}

// Both flags on a cache line of their own: the counting threads read `stop` all the time, and a
// line they share with something that is written would slow every variant down (false sharing in
// the harness itself).
struct alignas(64) Signals {
  std::atomic<bool> go{false};
  std::atomic<bool> stop{false};
};

// Increments between two looks at the stop flag. The look costs one read of a line nobody
// writes until the end; the increments done after the stop (at most this many per thread) are
// at most a few hundredths of a percent of a measurement.
constexpr long kBatch = 256;

struct Result {
  double rate;   // increments per second, all threads together
  double cores;  // how many cores the threads kept busy on average (CPU time / wall time)
};

// The CPU time the calling thread has run: it does not advance while the thread waits its turn.
double ThreadCpuSeconds() {
  timespec now;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return now.tv_sec + now.tv_nsec * 1e-9;
}

// Runs `threads` threads that increment for `duration`.
Result Measure(const Variant& variant, int threads, std::chrono::milliseconds duration) {
  void* shared_counter = variant.shared ? variant.make() : nullptr;
  Signals signals;
  std::latch ready(threads);
  std::vector<long> done(threads), private_value(threads);
  std::vector<double> cpu_seconds(threads);
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      // The limit: a counter of this thread's own, made here, on a cache line of its own.
      void* counter = variant.shared ? shared_counter : variant.make();
      void (*const increment)(void*) = variant.increment;
      ready.count_down();
      signals.go.wait(false);
      const double cpu_start = ThreadCpuSeconds();
      long count = 0;
      while (!signals.stop.load(std::memory_order_relaxed)) {
        for (long i = 0; i < kBatch; ++i) increment(counter);  // one real call per increment
        count += kBatch;
      }
      done[t] = count;
      cpu_seconds[t] = ThreadCpuSeconds() - cpu_start;
      if (!variant.shared) {
        private_value[t] = variant.value(counter);
        variant.destroy(counter);
      }
    });
  }
  ready.wait();
  const auto start = Clock::now();
  signals.go = true;
  signals.go.notify_all();
  std::this_thread::sleep_for(duration);
  signals.stop = true;
  const auto stop = Clock::now();
  for (std::thread& worker : workers) worker.join();

  // Each fix must also be right: the counter holds every increment the threads made.
  long total = 0;
  for (long count : done) total += count;
  long counted = 0;
  if (variant.shared) {
    counted = variant.value(shared_counter);
    variant.destroy(shared_counter);
  } else {
    for (long value : private_value) counted += value;
  }
  if (counted != total) {
    throw std::runtime_error(std::string(variant.key) + " with " + std::to_string(threads) +
                             " threads counted " + std::to_string(counted) + " of " +
                             std::to_string(total) + " increments");
  }
  const double seconds = std::chrono::duration<double>(stop - start).count();
  double cpu = 0;
  for (double c : cpu_seconds) cpu += c;
  return {total / seconds, cpu / seconds};
}

// "612 (598-620)": a rate in millions per second, or a ratio in percent, with its spread.
std::string Cell(Spread s, double scale) {
  const auto number = [scale](double v) {
    char text[16];
    v *= scale;
    std::snprintf(text, sizeof text, v < 10 ? "%.1f" : "%.0f", v);
    return std::string(text);
  };
  return number(s.median) + " (" + number(s.min) + "-" + number(s.max) + ")";
}

void PrintRow(const std::string& label, const std::vector<std::string>& cells) {
  std::printf("%-50s", label.c_str());
  for (const std::string& cell : cells) std::printf("%17s", cell.c_str());
  std::printf("\n");
}

Options ParseOptions(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--quick") == 0) {
      options.quick = true;
    } else if (std::strcmp(argv[i], "--output-dir") == 0 && i + 1 < argc) {
      options.output_dir = argv[++i];
    } else {
      throw std::runtime_error(std::string("unknown argument: ") + argv[i]);
    }
  }
  if (options.output_dir.empty()) throw std::runtime_error("--output-dir DIR is required");
  return options;
}

int Run(const Options& options) {
  const std::vector<Variant> variants = {
      PrivateCounterLimit(), StdMutex(),       AbslMutex(),
      AtomicFetchAdd(),      UnpaddedShards(), AtomicShards(),
      PaddedShards(),        Combinable(),     EnumerableThreadSpecific()};
  const Variant& limit = variants.front();
  const int cores = UsableCores();
  const Plan plan = MakePlan(options.quick, cores);
  std::filesystem::create_directories(options.output_dir);

  std::printf("counter-scaling: increments per second, %d usable cores, %s, %d rounds of %lld ms\n",
              cores, "GCC " __VERSION__, plan.rounds,
              static_cast<long long>(plan.duration.count()));
  for (const Variant& variant : variants) Measure(variant, 1, plan.duration / 4);  // warm-up

  // rate[variant][threads][round]. The rounds interleave everything (and rotate the order of the
  // variants), so a neighbour's load on the machine hits all variants alike, and each round
  // gives a ratio of a variant to the limit measured seconds apart.
  std::map<std::string_view, std::map<int, std::vector<double>>> rate;
  // How many cores each variant's threads kept busy. The limit's never wait, so fewer than
  // min(threads, cores) there means that other programs had the cores: every rate is too low.
  std::map<std::string_view, std::map<int, std::vector<double>>> busy;
  std::ofstream rounds(options.output_dir + "/rounds.tsv");
  rounds << "# round\tvariant\tthreads\tincrements_per_second\tcores_busy\n";
  for (int round = 0; round < plan.rounds; ++round) {
    for (int threads : plan.threads) {
      for (size_t i = 0; i < variants.size(); ++i) {
        const Variant& variant = variants[(i + round) % variants.size()];
        const Result r = Measure(variant, threads, plan.duration);
        rate[variant.key][threads].push_back(r.rate);
        busy[variant.key][threads].push_back(r.cores);
        rounds << round << '\t' << variant.key << '\t' << threads << '\t' << r.rate << '\t'
               << r.cores << '\n';
      }
    }
  }

  // The per-round ratio to the limit: variant and limit measured in the same round.
  const auto ratio = [&](const Variant& variant, int threads) {
    std::vector<double> ratios;
    for (int round = 0; round < plan.rounds; ++round) {
      ratios.push_back(rate[variant.key][threads][round] / rate[limit.key][threads][round]);
    }
    return Summarize(ratios);
  };

  std::ofstream data(options.output_dir + "/counter-scaling.tsv");
  // Rates are increments per second of all threads together; ratios to the limit per round;
  // cores_busy is CPU time / wall time of the variant's threads (waiting for a lock is not busy).
  data << "# variant\tthreads\tincrements_per_s_median\tmin\tmax\tratio_to_limit_median\tmin\tmax"
          "\tcores_busy_median\tsharded_solution\n";
  for (const Variant& variant : variants) {
    for (int threads : plan.threads) {
      const Spread r = Summarize(rate[variant.key][threads]);
      const Spread q = ratio(variant, threads);
      data << variant.key << '\t' << threads << '\t' << r.median << '\t' << r.min << '\t' << r.max
           << '\t' << q.median << '\t' << q.min << '\t' << q.max << '\t'
           << Summarize(busy[variant.key][threads]).median << '\t' << variant.sharded_solution
           << '\n';
    }
  }

  std::vector<std::string> header;
  for (int threads : plan.threads)
    header.push_back(std::to_string(threads) + (threads == 1 ? " thread" : " threads"));
  std::printf("\nmillion increments per second, all threads together: median (min-max)\n");
  PrintRow("", header);
  for (const Variant& variant : variants) {
    std::vector<std::string> cells;
    for (int threads : plan.threads)
      cells.push_back(Cell(Summarize(rate[variant.key][threads]), 1e-6));
    PrintRow(std::string(variant.label), cells);
  }
  std::printf("\n%% of the no-sharing limit, per-round ratios in the same run: median (min-max)\n");
  PrintRow("", header);
  for (const Variant& variant : variants) {
    if (&variant == &limit) continue;
    std::vector<std::string> cells;
    for (int threads : plan.threads) cells.push_back(Cell(ratio(variant, threads), 100));
    PrintRow(std::string(variant.label), cells);
  }

  std::vector<std::string> cells;
  for (int threads : plan.threads) cells.push_back(Cell(Summarize(busy[limit.key][threads]), 1));
  std::printf("\n");
  PrintRow("cores the limit's threads kept busy", cells);

  // The headline, at as many threads as cores: the most that can count at the same time.
  const int n = cores;
  const double busy_at_n = Summarize(busy[limit.key][n]).median;
  if (busy_at_n < 0.9 * n) {
    std::printf(
        "\nThe machine was busy: %d threads kept only %.1f of %d cores busy, so the rates "
        "with several threads are too low. Measure again on a quiet machine.\n",
        n, busy_at_n, n);
  }
  const Variant* best = nullptr;
  for (const Variant& variant : variants) {
    if (variant.sharded_solution && (!best || ratio(variant, n).median > ratio(*best, n).median)) {
      best = &variant;
    }
  }
  const Spread best_ratio = ratio(*best, n);
  const auto median = [&](std::string_view key) { return Summarize(rate[key][n]).median / 1e6; };
  std::printf(
      "\nWith %d threads on %d cores, the best sharded fix, %s, counted %.0f %% of the "
      "no-sharing limit (%.0f-%.0f %% over %d rounds, same run%s): %.0f million increments per "
      "second against %.0f for the limit, %.0f for one atomic and %.0f for one std::mutex; "
      "padded shards counted %.1fx as fast as unpadded ones (false sharing).\n",
      n, cores, std::string(best->label).c_str(), 100 * best_ratio.median, 100 * best_ratio.min,
      100 * best_ratio.max, plan.rounds, best_ratio.median >= 0.8 ? "" : "; the goal is 80 %",
      median(best->key), median(limit.key), median("atomic-fetch-add"), median("std-mutex"),
      median("padded-shards") / median("unpadded-shards"));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return Run(ParseOptions(argc, argv));
  } catch (const std::exception& error) {
    std::fprintf(stderr, "counter-scaling: %s\n", error.what());
    return 1;
  }
}
