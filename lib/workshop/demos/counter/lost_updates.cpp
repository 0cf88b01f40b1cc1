// Demo `counter`: lost updates, live. Two threads add 1 to one shared count, ten million times
// each, with no lock; round after round the count comes out short.
//
// `++count_` is three steps: load the count, add one, store it back. When both threads load the
// same value, both store value + 1, and one of the two increments is gone.
//
// The same file is built twice (CMakeLists.txt): racelab_demo_counter, without a sanitizer, so
// that a round takes a fraction of a second; and racelab_demo_counter_tsan, under
// ThreadSanitizer, which reports the race itself (`./lab demo counter` explains that report).
//
//   racelab_demo_counter [--rounds N] [--threads N] [--increments N] [--pace-ms N] [--colour]
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <latch>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

// The racy code: exercise 01's starter.
class Counter {
 public:
  // Called by many threads at once.
  void increment() { ++count_; }

  long value() const { return count_; }

 private:
  long count_ = 0;
};

namespace {

// Every thread calls increment() `increments` times; the threads start together.
long Round(int threads, long increments) {
  Counter counter;
  std::latch start(threads);
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      start.arrive_and_wait();
      for (long i = 0; i < increments; ++i) counter.increment();
    });
  }
  for (std::thread& worker : workers) worker.join();
  return counter.value();
}

// 1234567 -> "1,234,567": big numbers a room can read.
std::string Grouped(long n) {
  std::string digits = std::to_string(n);
  for (int at = static_cast<int>(digits.size()) - 3; at > 0; at -= 3) digits.insert(at, ",");
  return digits;
}

}  // namespace

int main(int argc, char** argv) {
  int rounds = 10, threads = 2, pace_ms = 400;
  long increments = 10'000'000;
  bool colour = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--rounds" && has_value) {
      rounds = std::atoi(argv[++i]);
    } else if (arg == "--threads" && has_value) {
      threads = std::atoi(argv[++i]);
    } else if (arg == "--increments" && has_value) {
      increments = std::atol(argv[++i]);
    } else if (arg == "--pace-ms" && has_value) {
      pace_ms = std::atoi(argv[++i]);
    } else if (arg == "--colour") {
      colour = true;
    } else {
      std::fprintf(stderr,
                   "usage: %s [--rounds N] [--threads N] [--increments N] [--pace-ms N] "
                   "[--colour]\n",
                   argv[0]);
      return 1;
    }
  }
  if (rounds < 1 || threads < 2 || increments < 1 || pace_ms < 0) {
    std::fprintf(stderr, "%s: at least 1 round, 2 threads and 1 increment\n", argv[0]);
    return 1;
  }
  const char* red = colour ? "\033[31m" : "";
  const char* bold = colour ? "\033[1m" : "";
  const char* plain = colour ? "\033[0m" : "";

  const long expected = threads * increments;
  std::printf("%d threads, each adds 1 to a shared count %s times.\n\n", threads,
              Grouped(increments).c_str());
  std::printf("round    expected         got        lost   rounds with losses\n");
  int short_rounds = 0;
  long lost_in_all = 0;
  for (int round = 1; round <= rounds; ++round) {
    const long got = Round(threads, increments);
    const long lost = expected - got;
    short_rounds += lost > 0;
    lost_in_all += lost;
    // Padded before it is painted: the colour codes take no room on the screen.
    char lost_column[16];
    std::snprintf(lost_column, sizeof lost_column, "%11s", Grouped(lost).c_str());
    std::printf("%5d %11s %11s %s%s%s   %d of %d\n", round, Grouped(expected).c_str(),
                Grouped(got).c_str(), lost > 0 ? red : "", lost_column, lost > 0 ? plain : "",
                short_rounds, round);
    std::fflush(stdout);  // shown as it happens, whatever stdout is
    if (round < rounds) std::this_thread::sleep_for(std::chrono::milliseconds(pace_ms));
  }
  const double share =
      100.0 * static_cast<double>(lost_in_all) / (static_cast<double>(expected) * rounds);
  std::string vanished = "none";
  if (lost_in_all > 0) {
    vanished = share < 1 ? "less than 1%" : std::to_string(std::lround(share)) + "%";
  }
  std::printf("\n%sLost updates in %d of %d rounds%s: %s of all increments vanished.\n", bold,
              short_rounds, rounds, plain, vanished.c_str());
  return 0;
}
