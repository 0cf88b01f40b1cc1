// `./lab experiment NAME`: measures one of the course's claims on the machine in front of the
// audience, prints the table and draws the plot (SVG and PNG) for a projector.
//
// The experiments live in lib/workshop/experiments/<name>/ (see lib/workshop/README.md): this
// command builds one, runs it, and hands its data to gnuplot with the lab's shared plot style.
#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <future>
#include <iostream>
#include <map>

#include "commands/commands.hpp"
#include "machine.hpp"
#include "process.hpp"

namespace racelab::commands {
namespace fs = std::filesystem;

namespace {

fs::path ExperimentsDir(const Context& context) {
  return context.lab.root / "lib" / "workshop" / "experiments";
}

// The experiments, by name, with the question each answers: the first line of its CMakeLists.txt,
// a comment ("# Is starting a thread really cheaper than starting a process?").
std::map<std::string, std::string> Experiments(const Context& context) {
  std::map<std::string, std::string> found;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(ExperimentsDir(context), error)) {
    std::ifstream cmake(entry.path() / "CMakeLists.txt");
    std::string first;
    if (!cmake || !std::getline(cmake, first)) continue;
    if (first.rfind("# ", 0) == 0) first.erase(0, 2);
    found[entry.path().filename().string()] = first;
  }
  return found;
}

std::string ListOf(const std::map<std::string, std::string>& experiments) {
  std::string text;
  for (const auto& [name, question] : experiments) {
    text += fmt::format("\n  ./lab experiment {:<16} {}", name, question);
  }
  return text;
}

// `text` as a single-quoted gnuplot string, where a quote is written twice.
std::string GnuplotString(const std::string& text) {
  std::string quoted = "'";
  for (const char c : text) quoted += c == '\'' ? "''" : std::string(1, c);
  return quoted + "'";
}

// Runs `command` through RunCommand, like every program the lab starts, and shows its output on
// this terminal as it comes, read from `command.output` while it grows: an experiment takes a
// minute or two, and its progress is part of the show.
Outcome RunShowing(const Command& command) {
  std::ofstream(command.output).close();  // there to be read from the start
  auto running = std::async(std::launch::async, [&] { return RunCommand(command); });
  const int fd = open(command.output.c_str(), O_RDONLY | O_CLOEXEC);
  const auto show_more = [&] {
    char buffer[4096];
    for (ssize_t n; fd >= 0 && (n = read(fd, buffer, sizeof buffer)) > 0;) {
      std::cout.write(buffer, n).flush();
    }
  };
  while (running.wait_for(std::chrono::milliseconds(100)) != std::future_status::ready) {
    show_more();
  }
  const Outcome outcome = running.get();
  show_more();
  if (fd >= 0) close(fd);
  return outcome;
}

// Draws `name`'s plot from the data in `data_dir` into `plot` (.svg or .png).
void Plot(const Context& context, const std::string& name, const fs::path& data_dir,
          const fs::path& plot, const Machine& machine) {
  const std::string variables = fmt::format(
      "terminal_kind={}; output_file={}; data_dir={}; machine={}; cores={}",
      GnuplotString(plot.extension().string().substr(1)), GnuplotString(plot.string()),
      GnuplotString(data_dir.string()), GnuplotString(machine.Describe()), machine.cores);
  const fs::path workshop = context.lab.root / "lib" / "workshop";
  Command gnuplot{{"gnuplot", "-e", variables, (workshop / "plot" / "style.gp").string(),
                   (ExperimentsDir(context) / name / "plot.gp").string()},
                  data_dir / ("gnuplot-" + plot.extension().string().substr(1) + ".log"),
                  60};
  const Outcome outcome = RunCommand(gnuplot);
  if (!outcome.exited_ok() || !fs::exists(plot) || fs::file_size(plot) == 0) {
    throw std::runtime_error(fmt::format("gnuplot could not draw {}:\n{}", plot.string(),
                                         ReadFile(gnuplot.output, 4096)));
  }
}

}  // namespace

int Experiment(Context& context, const ExperimentOptions& options) {
  const auto experiments = Experiments(context);
  if (!fs::is_directory(context.lab.root / "solutions")) {
    std::cerr << "racelab: this is the students' copy of the lab. The experiments measure the "
                 "reference solutions, which it leaves out: your instructor or workshop host runs "
                 "them from the full lab.\n";
    return kUsageError;
  }
  std::vector<std::string> names = options.names;
  if (options.all) {
    for (const auto& [name, question] : experiments) names.push_back(name);
  }
  if (names.empty()) {
    std::cout << "The experiments, each a table and a plot measured on this machine:"
              << ListOf(experiments) << "\nOptions: --output-dir DIR (default build/experiments), "
              << "--quick (a few seconds, to check that it runs: no figure to quote)\n";
    return kAllPass;
  }
  for (const std::string& name : names) {
    if (!experiments.contains(name)) {
      throw UsageError(
          fmt::format("no experiment '{}'. The experiments:{}", name, ListOf(experiments)));
    }
  }
  if (context.lab.preset != "release") {
    throw UsageError(fmt::format(
        "experiments are measured with optimization and no sanitizer, so they use the release "
        "preset, not {}: run them as ./lab experiment NAME (the lab picks that preset)",
        context.lab.preset));
  }
  Command probe{{"gnuplot", "--version"}, context.lab.build_dir / "logs" / "gnuplot.log", 30};
  fs::create_directories(probe.output.parent_path());
  if (!RunCommand(probe).exited_ok()) {
    throw SetupError(
        "gnuplot draws the plots and is not installed: sudo apt-get install -y "
        "gnuplot-nox");
  }

  const Machine machine = ThisMachine();
  const fs::path output_dir = fs::absolute(
      options.output_dir.empty() ? context.lab.root / "build" / "experiments" : options.output_dir);
  std::vector<std::string> targets;
  for (const std::string& name : names) targets.push_back("racelab_experiment_" + name);
  std::cerr << "racelab: building " << fmt::format("{}", fmt::join(names, ", "))
            << " (optimized, no sanitizer)\n";
  if (const auto failures = context.grader.Build(targets); !failures.empty()) {
    for (const auto& [target, output] : failures) std::cerr << output.substr(0, 8192) << "\n";
    throw SetupError("building the experiments failed (the compiler's messages are above)");
  }

  int status = kAllPass;
  for (const std::string& name : names) {
    const fs::path data_dir = output_dir / name;
    fs::create_directories(data_dir);
    std::cout << fmt::format("\n{}: {}\nmeasured on {}\n\n", name, experiments.at(name),
                             machine.Describe());
    Command run{{(context.lab.build_dir / "bin" / ("racelab_experiment_" + name)).string(),
                 "--output-dir", data_dir.string()},
                output_dir / (name + ".txt"),
                /*timeout_seconds=*/600};
    if (options.quick) run.argv.push_back("--quick");
    if (options.live) run.argv.push_back("--live");
    if (const Outcome outcome = RunShowing(run); !outcome.exited_ok()) {
      std::cerr << fmt::format("racelab: {} failed (exit status {}{}); its output is above\n", name,
                               outcome.exit_status,
                               outcome.timed_out ? ", stopped after 10 minutes" : "");
      status = kSomeFail;
      continue;
    }
    if (options.live) continue;  // a live run is watched, not plotted
    for (const char* kind : {".svg", ".png"}) {
      Plot(context, name, data_dir, output_dir / (name + kind), machine);
    }
    std::cout << fmt::format("\nplot: {0}.svg and {0}.png; table: {0}.txt; data: {1}/\n",
                             (output_dir / name).string(), data_dir.string());
  }
  return status;
}

}  // namespace racelab::commands
