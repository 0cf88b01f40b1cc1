#include <chrono>
#include <fstream>
#include <iostream>

#include "commands/commands.hpp"
#include "formats/format.hpp"
#include "process.hpp"
#include "submission.hpp"
#include "terminal.hpp"

namespace racelab::commands {
namespace {

void Write(const std::string& output, const std::string& text) {
  if (output.empty() || output == "-") {
    std::cout << text;
    return;
  }
  std::ofstream file(output);
  file << text;
  if (!file) throw UsageError("cannot write " + output);
}

// The jobs of `--sources solutions` or `--sources wrong-fixes`: every variant of each exercise.
std::vector<Grader::Job> Variants(const std::vector<const Exercise*>& exercises,
                                  const std::string& sources) {
  std::vector<Grader::Job> jobs;
  for (const Exercise* exercise : exercises) {
    if (sources == "solutions") {
      for (const std::string& variant : exercise->solutions) {
        jobs.emplace_back(exercise, Source{Source::kSolution, variant});
      }
    } else {
      for (const WrongFix& wrong : exercise->wrong_fixes) {
        jobs.emplace_back(exercise, Source{Source::kWrongFix, wrong.name});
      }
    }
  }
  return jobs;
}

// Says on standard error what was taken from the submission, and from where.
void Describe(const Staged& staged, const std::vector<const Exercise*>& selected) {
  const auto list = [](const std::string& title, const std::vector<std::string>& items) {
    if (items.empty()) return;
    std::cerr << "racelab: " << title;
    for (std::size_t i = 0; i < items.size() && i < 10; ++i) std::cerr << "\n  " << items[i];
    std::cerr << (items.size() > 10 ? "\n  ...\n" : "\n");
  };
  list("taken from another place than the lab's layout:", staged.relocated);
  list("not in the submission, graded `missing`:", staged.missing);
  if (!staged.ambiguous.empty()) {
    list(
        "found at the submission's root, but several exercises have a file of that name, so "
        "where it belongs is unknown:",
        staged.ambiguous);
  }
  if (staged.missing.size() == selected.size()) {
    std::cerr << Paint("racelab: no exercise's file was found in the submission.", Style::kRed)
              << " " << ExpectedLayout(selected);
  }
  list("ignored (not student-editable):", staged.ignored);
}

}  // namespace

int Grade(Context& context, const GradeOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  const std::vector<const Exercise*> selected = context.Select(options.ids);
  Report report;
  if (!options.submission.empty()) {
    const Staged staged = StageSubmission(options.submission, context.lab.build_dir / "submission",
                                          selected, context.catalog.exercises(),
                                          TestUserId(context.lab.slot));
    Describe(staged, selected);
    report.results = context.grader.Grade(selected, {Source::kSubmission, ""});
  } else if (options.sources == "solutions" || options.sources == "wrong-fixes") {
    report.results = context.grader.Grade(Variants(selected, options.sources));
  } else {
    report.results = context.grader.Grade(selected, {Source::kExercise, ""});
    context.RecordProgress(report.results);
  }
  report.replay = ReplayOf(context.lab);
  report.extra_tests_visibility = options.extra_tests_visibility;
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  const bool to_terminal = options.output.empty() || options.output == "-";
  if (!to_terminal || options.format != "table") DisableColour();
  Write(options.output, Formats().at(options.format)(report));
  DisableColour();  // the other reports are files
  for (const std::string& also : options.reports) {
    const auto equals = also.find('=');
    Write(also.substr(equals + 1), Formats().at(also.substr(0, equals))(report));
  }
  return AllPassed(report.results) ? kAllPass : kSomeFail;
}

}  // namespace racelab::commands
