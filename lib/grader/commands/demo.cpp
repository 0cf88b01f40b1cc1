// `./lab demo NAME`: a race, a deadlock or the GIL shown live, for a projector. The demos'
// programs are in lib/workshop/demos/<name>/ (the GIL's is the experiment gil-speedup); this
// builds them, runs them part by part, and tells what they show in the words of `./lab check`.
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <future>
#include <iostream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "classify.hpp"
#include "commands/commands.hpp"
#include "process.hpp"
#include "projector.hpp"
#include "symbolize.hpp"
#include "terminal.hpp"

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace racelab::commands {
namespace {

// What to show of a line a demo's program prints: the line as shown, or nullopt for nothing.
// An empty Filter shows all it prints, as it comes, a line's beginning before its end.
using Filter = std::function<std::optional<std::string>(const std::string&)>;

// The demo's pace, its screen, and the programs it runs.
class Stage {
 public:
  Stage(Context& context, const DemoOptions& options) : context_(context), options_(options) {
    winsize size{};
    if (StdoutIsTerminal() && ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col >= 40) {
      columns_ = std::min<std::size_t>(columns_, size.ws_col);
    }
  }

  std::size_t columns() const { return columns_; }
  const Lab& lab() const { return context_.lab; }
  fs::path Binary(const std::string& target) const { return lab().build_dir / "bin" / target; }

  // "Part 1 of 2 · lost updates", bold, after a blank line.
  void Part(int part, int parts, const std::string& title) const {
    Print("\n" + Paint(fmt::format("Part {} of {} · {}", part, parts, title), Style::kBold) + "\n");
  }

  // The block of code in lab file `file` that begins with the line containing `first`.
  void ShowCode(const std::string& file, const std::string& first) const {
    std::istringstream lines(Excerpt(ReadFile(lab().root / file), first));
    for (std::string line; std::getline(lines, line);) {
      Print(Cut(line.empty() ? line : "    " + line, columns_) + "\n");
    }
    Print("\n");
  }

  // A paragraph, wrapped to the screen.
  void Say(const std::string& text) const {
    Print(Wrap(text, columns_));
    if (text.empty() || text.back() != '\n') Print("\n");
  }

  // A moment to read what was just said (none with --quick).
  void Beat(std::chrono::milliseconds pause = 1500ms) const {
    if (!options_.quick) std::this_thread::sleep_for(pause);
  }

  // Between parts: Enter with --step, a moment otherwise, nothing with --quick.
  void NextPart() const {
    if (options_.step && !options_.quick) {
      Print(Paint("  (Enter: go on)", Style::kDim));
      std::string ignored;
      std::getline(std::cin, ignored);
      if (!StdinIsTerminal()) Print("\n");  // where no Enter was echoed
    } else {
      Beat(2500ms);
    }
  }

  // Builds `targets`; throws UsageError with the compiler's last words if one fails.
  void Build(const std::vector<std::string>& targets) const {
    const auto failures = context_.grader.Build(targets);
    if (failures.empty()) return;
    const auto& [target, log] = *failures.begin();
    throw UsageError(fmt::format("building {} failed:\n{}", target, LastLines(log, 25)));
  }

  // Fails the demo now, before it begins, if the sanitizer cannot start `binary` on this machine
  // (Run says how to fix it): `args` make it end at once.
  void CheckSanitizerStarts(const fs::path& binary, const std::vector<std::string>& args) const {
    Run(binary, args, [](const std::string&) { return std::nullopt; });
  }

  // Runs `binary` with `args` and returns how it ended and what it printed. Shows each line of
  // its output as it comes, as `show` turns it (nullopt: not at all); with `quiet_clock`, counts
  // the seconds while the output stands still.
  std::pair<Outcome, std::string> Run(
      const fs::path& binary, const std::vector<std::string>& args, const Filter& show,
      bool quiet_clock = false,
      std::vector<std::pair<std::string, std::string>> environment = {}) const {
    const fs::path runs = lab().build_dir / "runs";
    fs::create_directories(runs);
    const fs::path log = runs / fmt::format("demo.{}.{}.log", binary.filename().string(), getpid());
    Command command{{binary.string()}, log, /*timeout_seconds=*/60};
    command.argv.insert(command.argv.end(), args.begin(), args.end());
    command.stall_seconds = 15;  // a backstop: the demos' own watchdog ends a deadlock in 3 s
    command.environment = std::move(environment);
    command.one_core = lab().one_core;  // ./lab --one-core demo counter: lost updates on one core
    std::ofstream(log).close();         // there to be read from the start
    auto running = std::async(std::launch::async, [&] { return RunCommand(command); });

    const int fd = open(log.c_str(), O_RDONLY | O_CLOEXEC);
    std::string output, pending;
    auto last_output = std::chrono::steady_clock::now();
    int quiet_seconds = 0;
    const auto read_more = [&] {
      char buffer[4096];
      for (ssize_t n; fd >= 0 && (n = read(fd, buffer, sizeof buffer)) > 0;) {
        output.append(buffer, static_cast<std::size_t>(n));
        if (!show) Print(std::string(buffer, static_cast<std::size_t>(n)));
        if (show) pending.append(buffer, static_cast<std::size_t>(n));
      }
      for (std::size_t end; (end = pending.find('\n')) != std::string::npos;) {
        const std::string line = pending.substr(0, end);
        pending.erase(0, end + 1);
        const std::optional<std::string> shown = show(line);
        if (!shown) continue;
        if (quiet_seconds > 0) Print("\n");
        quiet_seconds = 0;
        last_output = std::chrono::steady_clock::now();
        Print(*shown + "\n");
      }
    };
    while (running.wait_for(50ms) != std::future_status::ready) {
      read_more();
      const auto quiet = std::chrono::steady_clock::now() - last_output;
      if (quiet_clock && quiet >= (quiet_seconds + 1) * 1s) {
        Print(quiet_seconds++ == 0 ? Paint("  nothing moves:", Style::kBold) : "");
        Print(fmt::format(" {} s", quiet_seconds));
      }
    }
    const Outcome outcome = running.get();
    read_more();
    if (const auto shown = pending.empty() ? std::nullopt : show(pending)) Print(*shown + "\n");
    if (!show && !output.empty() && output.back() != '\n') Print("\n");
    if (quiet_seconds > 0) Print("\n");
    if (fd >= 0) close(fd);
    // GCC's sanitizer may leave a frame without its line: addr2line still knows it.
    output = SymbolizeUnknownFrames(output, binary, runs);
    fs::remove(log);
    // The machine, not the demo, kept the sanitizer from starting: say how to fix it.
    if (const std::string failure = SanitizerStartFailure(output); !failure.empty()) {
      throw UsageError(failure.substr(0, failure.find_last_not_of('\n') + 1));
    }
    return {outcome, output};
  }

  static void Print(const std::string& text) { std::cout << text << std::flush; }

  // The last `count` lines of `text`.
  static std::string LastLines(const std::string& text, std::size_t count) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    std::string last;
    for (std::size_t i = lines.size() > count ? lines.size() - count : 0; i < lines.size(); ++i) {
      last += lines[i] + "\n";
    }
    return last;
  }

  // What the lab says of a run, wrapped, its first line in red.
  void ShowVerdict(const std::string& message) const {
    const std::string text = Wrap(message, columns_);
    const std::size_t first = std::min(text.find('\n'), text.size());
    Print(Paint(text.substr(0, first), Style::kRed) + text.substr(first));
    if (text.empty() || text.back() != '\n') Print("\n");
  }

 private:
  Context& context_;
  const DemoOptions& options_;
  std::size_t columns_ = 70;
};

const Filter kShowAll;  // as it comes
std::optional<std::string> ShowNothing(const std::string&) { return std::nullopt; }
// The lines a program says for the demo ("demo: thread 0 took account 0"), without the prefix.
std::optional<std::string> ShowDemoLines(const std::string& line) {
  if (line.rfind("demo: ", 0) != 0) return std::nullopt;
  return "  " + line.substr(6);
}

// The demo itself did not do what it shows (exit status 1).
struct DemoFailed : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Fails the demo unless the build tree has ThreadSanitizer, which `demo` shows the report of.
void NeedThreadSanitizer(const Lab& lab, const std::string& demo) {
  if (CMakeCacheEntry(lab.build_dir, "RACELAB_SANITIZER") == "thread") return;
  throw UsageError(fmt::format(
      "the {} demo shows ThreadSanitizer at work, and preset {} builds without it. Run it as "
      "./lab demo {} (the default preset, tsan) or ./lab --preset tsan-clang demo {}.",
      demo, lab.preset, demo, demo));
}

// ThreadSanitizer's report as it begins, then what the lab makes of it: the verdict of
// `./lab check` on the same output.
void ExplainReport(const Stage& stage, const Outcome& outcome, const std::string& output,
                   const std::string& expected_category) {
  const Verdict verdict = Classify({outcome, output, std::nullopt}, {});
  const std::size_t begins = output.find("WARNING: ThreadSanitizer");
  if (verdict.category != expected_category || begins == std::string::npos) {
    throw DemoFailed(fmt::format(
        "the demo went wrong: ThreadSanitizer should have reported a {}, and the lab saw {}.\n{}",
        expected_category, verdict.passed ? "nothing" : verdict.category, verdict.message));
  }
  std::istringstream lines(output.substr(begins));
  std::vector<std::string> report;
  for (std::string line; std::getline(lines, line);) {
    if (line.find_first_not_of(' ') != std::string::npos) report.push_back(line);
    if (line.rfind("SUMMARY:", 0) == 0) break;
  }
  stage.Say(fmt::format("ThreadSanitizer's report begins ({} lines in all):", report.size()));
  for (std::size_t i = 0; i < report.size() && i < 3; ++i) {
    Stage::Print(Paint(Cut("  " + report[i], stage.columns()), Style::kDim) + "\n");
  }
  stage.Beat();
  stage.Say("\nIn the lab's words, as ./lab check tells it:");
  stage.ShowVerdict(verdict.message);
}

// Where to go from here: the exercise that fixes what the demo showed, if this lab has it.
void PointTo(const Stage& stage, const Context& context, const std::string& id) {
  if (const Exercise* exercise = context.catalog.Find(id)) {
    stage.Say(fmt::format("\nTo fix it yourself: exercise {} (./lab check {}).", exercise->id,
                          exercise->number()));
  }
}

int CounterDemo(Context& context, const Stage& stage, const DemoOptions& options) {
  NeedThreadSanitizer(context.lab, "counter");
  stage.Build({"racelab_demo_counter", "racelab_demo_counter_tsan"});
  stage.CheckSanitizerStarts(stage.Binary("racelab_demo_counter_tsan"), {"--help"});

  stage.Part(1, 2, "lost updates");
  stage.Say("Two threads call increment() on one Counter, with no lock:\n");
  stage.ShowCode("lib/workshop/demos/counter/lost_updates.cpp", "class Counter {");
  stage.Say(
      "`++count_` is three steps: load the count, add one, store it back. When both threads "
      "load the same value, both store value + 1: one of the two increments is lost.\n\n");
  stage.Beat(2500ms);
  std::vector<std::string> args;
  if (options.quick) args = {"--pace-ms", "0"};
  if (ColourEnabled()) args.push_back("--colour");
  const auto [lost, lost_output] = stage.Run(stage.Binary("racelab_demo_counter"), args, kShowAll);
  if (!lost.exited_ok()) {
    throw DemoFailed(fmt::format("the demo went wrong: racelab_demo_counter ended with status {}.",
                                 lost.exit_status));
  }
  stage.NextPart();

  stage.Part(2, 2, "ThreadSanitizer");
  stage.Say(
      "The same code, built with ThreadSanitizer, for one round. It watches every access to "
      "memory, and reports the race whether or not an update was lost this time.\n\n");
  stage.Beat();
  const auto [outcome, output] =
      stage.Run(stage.Binary("racelab_demo_counter_tsan"),
                {"--rounds", "1", "--increments", "100000"}, ShowNothing);
  ExplainReport(stage, outcome, output, "data-race");
  PointTo(stage, context, "01-counter-mutex");
  return kAllPass;
}

int DeadlockDemo(Context& context, const Stage& stage) {
  NeedThreadSanitizer(context.lab, "deadlock");
  stage.Build({"racelab_demo_deadlock"});
  const fs::path binary = stage.Binary("racelab_demo_deadlock");
  stage.CheckSanitizerStarts(binary, {"--gtest_list_tests"});

  stage.Part(1, 2, "a deadlock");
  stage.Say("Transfer() locks the account the money leaves, then the one it goes to:\n");
  stage.ShowCode("lib/workshop/demos/deadlock/deadlock.cpp", "void Transfer(");
  stage.Say(
      "At the same time, thread 0 moves money from account 0 to account 1, and thread 1 from "
      "account 1 to account 0.\n\n");
  stage.Beat(2500ms);
  // Only the lines the program says for the demo; the lock-order detector is off, as its report
  // is part 2.
  const auto [stuck, stuck_output] =
      stage.Run(binary, {"--gtest_filter=Deadlock.TwoTransfersAtOnce", "--gtest_color=no"},
                ShowDemoLines, /*quiet_clock=*/true, {{"TSAN_OPTIONS", "detect_deadlocks=0"}});
  const Verdict verdict = Classify({stuck, stuck_output, std::nullopt}, {});
  if (verdict.category != "deadlock") {
    throw DemoFailed(fmt::format(
        "the demo went wrong: the threads should have been stuck, and the lab saw {}.\n{}",
        verdict.passed ? "nothing wrong" : verdict.category, verdict.message));
  }
  stage.Say("\nThe lab's watchdog ended the program:");
  stage.ShowVerdict(verdict.message);
  stage.NextPart();

  stage.Part(2, 2, "ThreadSanitizer");
  stage.Say(
      "The same two transfers, one after the other: nothing hangs, and no run of them ever "
      "deadlocks. ThreadSanitizer still sees the two lock orders.\n\n");
  stage.Beat();
  const auto [outcome, output] = stage.Run(
      binary, {"--gtest_filter=Deadlock.OneAfterTheOther", "--gtest_color=no"}, ShowNothing);
  ExplainReport(stage, outcome, output, "lock-order-inversion");
  PointTo(stage, context, "05-bank-transfer");
  return kAllPass;
}

// The GIL experiment in its live mode: `./lab experiment` builds and runs it (release preset).
int GilDemo(Context& context, const DemoOptions& options) {
  ExperimentOptions live;
  live.names = {"gil-speedup"};
  live.live = true;
  live.quick = options.quick;
  return Experiment(context, live);
}

struct DemoEntry {
  const char* name;
  const char* about;
};
constexpr DemoEntry kDemos[] = {
    {"counter", "lost updates live, then ThreadSanitizer's race report"},
    {"deadlock", "two threads stuck on two locks, then the lock-order report"},
    {"gil", "the GIL experiment live: threads with and without the GIL"},
};

std::string DemoList() {
  std::string list;
  for (const DemoEntry& demo : kDemos) list += fmt::format("\n  {:<9} {}", demo.name, demo.about);
  return list;
}

}  // namespace

int Demo(Context& context, const DemoOptions& options) {
  if (options.name.empty()) {
    std::cout << "The demos, for a projector:" << DemoList()
              << "\n\n./lab demo NAME runs one; --step pauses for Enter between its parts, "
                 "--quick never pauses.\n";
    return kAllPass;
  }
  const Stage stage(context, options);
  try {
    if (options.name == "counter") return CounterDemo(context, stage, options);
    if (options.name == "deadlock") return DeadlockDemo(context, stage);
    if (options.name == "gil") return GilDemo(context, options);
  } catch (const DemoFailed& failed) {
    std::cerr << "racelab: " << failed.what() << "\n";
    return kSomeFail;
  }
  throw UsageError(fmt::format("no demo '{}'. The demos are:{}", options.name, DemoList()));
}

}  // namespace racelab::commands
