// `./lab explain ID`: runs the exercise's scenario (tests/<id>/scenario.cpp) under the schedule
// explorer (lib/explorer) and tells the story of the failing schedule with the fewest thread
// switches; `--measure` explores every starter and solution variant and prints a table.
#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <regex>
#include <sstream>

#include "commands/commands.hpp"
#include "compiler_output.hpp"
#include "exploration.hpp"
#include "process.hpp"
#include "story.hpp"
#include "terminal.hpp"

namespace fs = std::filesystem;

namespace racelab::commands {
namespace {

using nlohmann::json;

bool HasScenario(const Context& context, const Exercise& exercise) {
  return racelab::HasScenario(context.lab.root, exercise);
}

fs::path StudentDir(const Context& context, const Exercise& exercise, const Source& source) {
  switch (source.kind) {
    case Source::kSolution:
      return context.lab.root / "solutions" / exercise.id / source.variant;
    case Source::kWrongFix:
      return context.lab.root / "tests" / exercise.id / "wrong" / source.variant;
    default:
      return context.lab.root / "exercises" / exercise.id;
  }
}

struct Exploration {
  std::string not_explored;  // why it was not explored, or ""
  std::string build_error;   // the compiler's message, or ""
  json explored;             // what the scenario binary printed
  fs::path binary;
};

Exploration Explore(Context& context, const Exercise& exercise, const Source& source,
                    const std::vector<std::string>& args) {
  Exploration out;
  const fs::path dir = StudentDir(context, exercise, source);
  out.not_explored = NotExplorable(exercise, dir);
  if (!out.not_explored.empty()) return out;
  const std::string target = ExploreTargetOf(exercise, source.TargetOf(exercise));
  const auto failures = context.grader.Build({target});
  if (const auto failed = failures.find(target); failed != failures.end()) {
    out.build_error = CompileError(failed->second, context.lab.root).message;
    return out;
  }
  out.binary = context.lab.build_dir / "bin" / target;
  const fs::path scratch = context.lab.build_dir / "explain";
  fs::create_directories(scratch);
  Command command;
  command.argv = {out.binary.string()};
  command.argv.insert(command.argv.end(), args.begin(), args.end());
  command.output = scratch / (target + ".json");
  command.timeout_seconds = 300;
  command.max_output_bytes = 64u << 20;
  const Outcome outcome = RunCommand(command);
  const std::string text = ReadFile(command.output);
  if (!outcome.exited_ok()) {
    throw std::runtime_error(fmt::format("the explorer failed on {} (status {}, signal {}):\n{}",
                                         target, outcome.exit_status, outcome.signal,
                                         text.substr(0, 2000)));
  }
  out.explored = json::parse(text.substr(text.find('{')));
  return out;
}

StoryInput InputFor(Context& context, const Exercise& exercise, const Exploration& exploration,
                    const std::string& replay_command) {
  return StoryInputFor(exercise, exploration.explored, exploration.binary,
                       context.lab.build_dir / "explain" / "addr2line.txt", replay_command);
}

int Measure(Context& context, const ExplainOptions& options) {
  std::vector<const Exercise*> exercises;
  for (const Exercise* exercise : context.Select(options.ids)) {
    if (HasScenario(context, *exercise)) exercises.push_back(exercise);
  }
  std::cout << fmt::format("{:<20} {:<34} {:<26} {:>10} {:>8}\n", "exercise", "version", "result",
                           "schedules", "seconds");
  bool sound = true;
  for (const Exercise* exercise : exercises) {
    std::vector<Source> sources = {{Source::kExercise, ""}};
    for (const std::string& variant : exercise->solutions) {
      sources.push_back({Source::kSolution, variant});
    }
    for (const WrongFix& wrong : exercise->wrong_fixes) {
      sources.push_back({Source::kWrongFix, wrong.name});
    }
    for (const Source& source : sources) {
      const Exploration e = Explore(context, *exercise, source, options.explorer_args);
      const std::string version = source.kind == Source::kExercise ? "starter" : source.Label();
      std::string result;
      std::string schedules, seconds;
      if (!e.not_explored.empty()) {
        result = "not explored (" + e.not_explored.substr(5) + ")";
      } else if (!e.build_error.empty()) {
        result = "does not compile";
        sound = false;
      } else {
        const bool found = e.explored.value("found", false);
        result = found ? "found " + e.explored.at("run").value("outcome", "")
                       : (e.explored.value("complete", false) ? "clean" : "unfinished");
        schedules = std::to_string(e.explored.value("explored", 0L));
        seconds = fmt::format("{:.2f}", e.explored.value("seconds", 0.0));
        // A starter must fail; a solution must explore clean. A wrong fix may do either: the
        // explorer cannot see weak-memory bugs, and some wrong fixes are nothing else.
        if (source.kind == Source::kSolution) sound = sound && result == "clean";
        if (source.kind == Source::kExercise) sound = sound && found;
      }
      std::cout << fmt::format("{:<20} {:<34} {:<26} {:>10} {:>8}\n", exercise->id, version, result,
                               schedules, seconds);
    }
  }
  return sound ? kAllPass : kSomeFail;
}

}  // namespace

int Explain(Context& context, const ExplainOptions& options) {
  if (options.measure) return Measure(context, options);
  if (options.ids.size() != 1) throw UsageError("explain takes one exercise (or --measure)");
  const Exercise& exercise = context.SelectOne(options.ids.front());
  if (!HasScenario(context, exercise)) {
    std::vector<std::string> with;
    for (const Exercise& e : context.catalog.exercises()) {
      if (HasScenario(context, e)) with.push_back(e.number());
    }
    throw UsageError(fmt::format("{} has no scenario for the explorer; these have one: {}",
                                 exercise.id, fmt::join(with, ", ")));
  }
  Source source{Source::kExercise, ""};
  if (!options.solution.empty()) {
    source = {Source::kSolution, options.solution};
    if (std::find(exercise.solutions.begin(), exercise.solutions.end(), source.variant) ==
        exercise.solutions.end()) {
      throw UsageError(fmt::format("{} has no solution variant '{}'", exercise.id, source.variant));
    }
  } else if (!options.wrong_fix.empty()) {
    source = {Source::kWrongFix, options.wrong_fix};
    if (std::none_of(exercise.wrong_fixes.begin(), exercise.wrong_fixes.end(),
                     [&](const WrongFix& wrong) { return wrong.name == source.variant; })) {
      throw UsageError(fmt::format("{} has no wrong fix '{}'", exercise.id, source.variant));
    }
  }
  const Exploration e = Explore(context, exercise, source, options.explorer_args);
  if (!e.not_explored.empty()) {
    std::cout << fmt::format(
        "The explorer cannot follow this version of {}: it {}, whose locks wait in futex calls "
        "the explorer's scheduler does not see. ./lab check {} still tests it.\n",
        exercise.id, e.not_explored, exercise.number());
    return kAllPass;
  }
  if (!e.build_error.empty()) {
    std::cout << e.build_error << "\n";
    return kSomeFail;
  }
  std::string replay = "./lab explain " + exercise.number();
  if (!options.solution.empty()) replay += " --solution " + options.solution;
  if (!options.wrong_fix.empty()) replay += " --wrong-fix " + options.wrong_fix;
  const StoryInput input = InputFor(context, exercise, e, replay);
  const Story story = TellStory(input);
  if (options.format == "json") {
    std::cout << StoryJson(story, input).dump(2) << "\n";
  } else {
    std::cout << Paint(fmt::format("{} · how the threads can interleave", exercise.id),
                       Style::kBold)
              << "\n\n"
              << StoryText(story, input);
    if (!e.explored.value("found", false)) {
      std::cout << "\nThe explorer runs atomics in one global order (sequentially consistent): "
                   "it cannot show what weaker memory orders allow. ./lab check "
                << exercise.number() << " has the final word.\n";
    }
  }
  if (!options.svg.empty() && e.explored.value("found", false)) {
    std::ofstream(options.svg) << StorySvg(story);
    std::cerr << "racelab: wrote the timeline to " << options.svg << "\n";
  }
  return e.explored.value("found", false) ? kSomeFail : kAllPass;
}

}  // namespace racelab::commands
