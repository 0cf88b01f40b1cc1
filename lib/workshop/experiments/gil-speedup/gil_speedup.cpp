// Experiment gil-speedup: why do threads not speed up CPU-bound Python, but do speed up I/O-bound
// work?
//
// The claims checked, with the mini interpreter of exercises 11 and 12:
//   1. With a GIL, CPU-bound threads take turns: 2, 4 or 8 threads get as much work done per
//      second as 1 (speedup 1).
//   2. With a GIL, I/O-bound threads still speed up, even beyond the number of cores: a thread
//      lets go of the GIL while it waits, so the waits of many threads overlap.
//   3. Without the GIL, CPU-bound threads run in parallel, up to one per core: the speedup rises
//      to about the number of cores, then flattens.
//
// Speedup = work per second with N threads / work per second with 1 thread, of the same program
// on the same interpreter, measured in the same repetition. Each is the median of several
// repetitions, with the smallest and largest.
//
//   racelab_experiment_gil-speedup --output-dir DIR [--quick]   table, DIR/*.tsv for plot.gp
//   racelab_experiment_gil-speedup --live                        for a projector (./lab demo gil)
#include <sched.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "measure.hpp"
#include "spread.hpp"

namespace {

// The four lines of the plot.
struct Series {
  Workload workload;
  bool gil;
  const char* file;  // DIR/<file>.tsv
  const char* name;
};
constexpr Series kSeries[] = {
    {Workload::kCpu, true, "cpu-gil-on", "CPU-bound, GIL on"},
    {Workload::kCpu, false, "cpu-gil-off", "CPU-bound, GIL off"},
    {Workload::kIo, true, "io-gil-on", "I/O-bound, GIL on"},
    {Workload::kIo, false, "io-gil-off", "I/O-bound, GIL off"},
};
constexpr int kThreadCounts[] = {1, 2, 3, 4, 8};

Rate Measure(const Series& series, int threads, double seconds) {
  return series.gil ? MeasureGilOn(series.workload, threads, seconds)
                    : MeasureGilOff(series.workload, threads, seconds);
}

// The cores this process may run on (1 under `taskset -c 0`).
int Cores() {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) != 0) return 1;
  return CPU_COUNT(&set);
}

// The largest thread count measured that does not exceed the cores: where the claims are read.
int AtCores(int cores) {
  int at = 1;
  for (int n : kThreadCounts) {
    if (n <= cores) at = n;
  }
  return at;
}

std::string Format(const char* format, double a, double b = 0, double c = 0) {
  char text[64];
  std::snprintf(text, sizeof text, format, a, b, c);
  return text;
}

// --- --live: one line per measurement, as it comes, for a projector -----------------------

// A bar of `speedup`, 4 columns per 1x, in eighths of a column (at most 8x: 32 columns).
std::string Bar(double speedup) {
  static const char* const kEighths[] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
  const int eighths = static_cast<int>(std::min(speedup, 8.0) * 4 * 8 + 0.5);
  std::string bar;
  for (int i = 0; i < eighths / 8; ++i) bar += "█";
  return bar + kEighths[eighths % 8];
}

int Live() {
  constexpr int kThreads[] = {1, 2, 4, 8};
  constexpr int kRepetitions = 3;  // each line: the median of 3 runs of 0.4 s
  constexpr double kSeconds = 0.4;
  const int cores = Cores();
  const int at = cores >= 8 ? 3 : cores >= 4 ? 2 : 1;  // the thread count the lesson quotes
  std::printf("Threads and the GIL, on %d cores\n", cores);
  std::printf("CPU-bound: a loop that adds numbers\n");
  std::printf("I/O-bound: requests, each answered after %lld ms\n",
              static_cast<long long>(kReplyLatency.count()));
  std::printf("speedup = work per second, relative to 1 thread\n");
  double speedup[4][4] = {};
  double cores_busy = 0;  // by CPU-bound threads without the GIL, as many as the lesson quotes
  for (int s = 0; s < 4; ++s) {
    std::printf("\n");
    double one_thread = 0;
    for (int i = 0; i < 4; ++i) {
      const int n = kThreads[i];
      const std::string label = std::string(kSeries[s].name) + ", " + std::to_string(n) +
                                (n == 1 ? " thread:" : " threads:");
      std::printf("%-31s ", label.c_str());
      std::fflush(stdout);  // the label shows while its measurement runs
      std::vector<double> rates, busy;
      for (int r = 0; r < kRepetitions; ++r) {
        const Rate measured = Measure(kSeries[s], n, kSeconds);
        rates.push_back(measured.work_per_second);
        busy.push_back(measured.cores_busy);
      }
      const double rate = Summarize(rates).median;
      if (s == 1 && i == at) cores_busy = Summarize(busy).median;
      if (n == 1) one_thread = rate;
      speedup[s][i] = rate / one_thread;
      std::printf("%s %.1fx\n", Bar(speedup[s][i]).c_str(), speedup[s][i]);
    }
  }
  std::printf(
      "\nWith the GIL, threads take turns: CPU-bound work got no faster\n"
      "(%.1fx with %d threads), but I/O-bound threads let go of the GIL\n"
      "while they wait, and their waits overlap (%.1fx with 8 threads).\n"
      "Without the GIL, CPU-bound threads run side by side, one per core:\n"
      "%.1fx with %d threads on %d cores.\n",
      speedup[0][at], kThreads[at], speedup[2][3], speedup[1][at], kThreads[at], cores);
  if (cores_busy < 0.8 * std::min(kThreads[at], cores)) {
    std::printf("(Other programs were using the cores: the numbers are rough.)\n");
  }
  return 0;
}

// --- the experiment: a table and the plot's data ------------------------------------------

int Experiment(const std::string& dir, bool quick) {
  const int repetitions = quick ? 2 : 7;
  const double seconds = quick ? 0.03 : 0.4;  // per measurement
  const int cores = Cores();
  constexpr std::size_t kCounts = std::size(kThreadCounts);

  // rates[series][count][repetition]. Each repetition measures every count of every series, so
  // that a slow moment on a shared machine hits all of them alike, and in a new random order, so
  // that none always comes right after the heaviest one.
  std::vector<std::vector<std::vector<Rate>>> rates(std::size(kSeries),
                                                    std::vector<std::vector<Rate>>(kCounts));
  std::vector<std::pair<std::size_t, std::size_t>> order;  // series, count
  for (std::size_t s = 0; s < std::size(kSeries); ++s) {
    for (std::size_t c = 0; c < kCounts; ++c) order.emplace_back(s, c);
  }
  std::mt19937 random(12);
  for (int r = 0; r < repetitions; ++r) {
    std::shuffle(order.begin(), order.end(), random);
    for (const auto& [s, c] : order) {
      rates[s][c].push_back(Measure(kSeries[s], kThreadCounts[c], seconds));
    }
  }
  const auto median = [&](std::size_t s, std::size_t c, double Rate::*field) {
    std::vector<double> values;
    for (const Rate& rate : rates[s][c]) values.push_back(rate.*field);
    return Summarize(values).median;
  };

  std::vector<std::vector<Spread>> speedups(std::size(kSeries));
  for (std::size_t s = 0; s < std::size(kSeries); ++s) {
    std::ofstream out(dir + "/" + kSeries[s].file + ".tsv");
    out << "# threads\tspeedup (median)\tmin\tmax\twork per second (median)\tcores busy "
           "(median)\n";
    for (std::size_t c = 0; c < kCounts; ++c) {
      std::vector<double> ratios;  // each against 1 thread of the same repetition
      for (int r = 0; r < repetitions; ++r) {
        ratios.push_back(rates[s][c][r].work_per_second / rates[s][0][r].work_per_second);
      }
      speedups[s].push_back(Summarize(ratios));
      const Spread& x = speedups[s].back();
      out << kThreadCounts[c] << '\t' << x.median << '\t' << x.min << '\t' << x.max << '\t'
          << median(s, c, &Rate::work_per_second) << '\t' << median(s, c, &Rate::cores_busy)
          << '\n';
    }
    if (!out) {
      std::cerr << "gil-speedup: cannot write " << dir << "/" << kSeries[s].file << ".tsv\n";
      return 1;
    }
  }

  std::printf("gil-speedup: speedup over 1 thread of the same program and interpreter\n");
  std::printf("(work per second), median of %d runs [min-max], on %d cores\n\n", repetitions,
              cores);
  std::printf("%-8s", "threads");
  for (const Series& series : kSeries) std::printf("  %-19s", series.name);
  std::printf("\n");
  for (std::size_t c = 0; c < kCounts; ++c) {
    std::printf("%-8d", kThreadCounts[c]);
    for (std::size_t s = 0; s < std::size(kSeries); ++s) {
      const Spread& x = speedups[s][c];
      std::printf("  %-19s", Format("%.2f [%.2f-%.2f]", x.median, x.min, x.max).c_str());
    }
    std::printf("\n");
  }
  std::printf("\n1 thread: CPU-bound %.2f M loop iterations/s with the GIL, %.2f M without;\n",
              median(0, 0, &Rate::work_per_second) / 1e6,
              median(1, 0, &Rate::work_per_second) / 1e6);
  std::printf(
      "I/O-bound %.0f requests/s with the GIL, %.0f without (each answered after %lld ms).\n",
      median(2, 0, &Rate::work_per_second), median(3, 0, &Rate::work_per_second),
      static_cast<long long>(kReplyLatency.count()));
  // The GIL's cost seen from the machine: CPU-bound threads with it keep one core busy at most.
  std::printf("\nCores busy (CPU seconds per second, median), CPU-bound:\n");
  for (std::size_t s = 0; s < 2; ++s) {
    std::printf("  %-19s", kSeries[s].name);
    for (std::size_t c = 0; c < kCounts; ++c) {
      std::printf("  %d: %.2f", kThreadCounts[c], median(s, c, &Rate::cores_busy));
    }
    std::printf("\n");
  }

  const int at = AtCores(cores);
  const std::size_t c = static_cast<std::size_t>(
      std::find(std::begin(kThreadCounts), std::end(kThreadCounts), at) - kThreadCounts);
  const std::size_t last = kCounts - 1;
  std::printf(
      "\nWith %d threads on %d cores, CPU-bound work ran %.2fx as fast as on 1 thread with the GIL "
      "and %.2fx without it; I/O-bound work ran %.2fx with the GIL and %.2fx without (with %d "
      "threads: %.2fx and %.2fx).\n",
      at, cores, speedups[0][c].median, speedups[1][c].median, speedups[2][c].median,
      speedups[3][c].median, kThreadCounts[last], speedups[2][last].median,
      speedups[3][last].median);
  // On a machine that others use too, threads without the GIL may find no free core.
  if (median(1, c, &Rate::cores_busy) < 0.8 * at) {
    std::printf(
        "Note: %d CPU-bound threads without the GIL kept only %.2f cores busy: other programs "
        "used the rest, so these speedups understate what %d free cores give.\n",
        at, median(1, c, &Rate::cores_busy), cores);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string dir;
  bool quick = false, live = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--output-dir" && i + 1 < argc) {
      dir = argv[++i];
    } else if (arg == "--quick") {
      quick = true;
    } else if (arg == "--live") {
      live = true;
    } else {
      std::cerr << "usage: " << argv[0] << " --output-dir DIR [--quick] | --live\n";
      return 1;
    }
  }
  if (live) return Live();
  if (dir.empty()) {
    std::cerr << "gil-speedup: --output-dir DIR is needed (or --live)\n";
    return 1;
  }
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) {
    std::cerr << "gil-speedup: cannot make " << dir << ": " << error.message() << "\n";
    return 1;
  }
  return Experiment(dir, quick);
}
