#include <fstream>
#include <iostream>
#include <sstream>

#include "commands/commands.hpp"
#include "report.hpp"
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

}  // namespace

int Grade(Context& context, const GradeOptions& options) {
  const std::vector<const Exercise*> selected = context.Select(options.ids);
  std::vector<Result> results;
  if (!options.submission.empty()) {
    const auto staged =
        StageSubmission(context.lab.root, options.submission, context.lab.build_dir / "submission",
                        selected, context.catalog.exercises());
    for (const std::string& file : staged.missing) {
      std::cerr << "racelab: " << file << " is not in the submission; grading the starter\n";
    }
    if (!staged.ignored.empty()) {
      std::cerr << "racelab: ignored " << staged.ignored.size()
                << " file(s) that are not student-editable:";
      for (std::size_t i = 0; i < staged.ignored.size() && i < 10; ++i) {
        std::cerr << "\n  " << staged.ignored[i];
      }
      std::cerr << (staged.ignored.size() > 10 ? "\n  ...\n" : "\n");
    }
    results = context.grader.Grade(selected, {Source::kSubmission, ""});
  } else if (options.sources == "solutions" || options.sources == "wrong-fixes") {
    results = context.grader.Grade(Variants(selected, options.sources));
  } else {
    results = context.grader.Grade(selected, {Source::kExercise, ""});
    context.RecordProgress(results);
  }

  if (!options.output.empty() && options.output != "-") DisableColour();
  if (options.format == "json") {
    Write(options.output, ToJson(results).dump(2) + "\n");
  } else {
    std::ostringstream table;
    PrintTable(table, results, /*details=*/false);
    if (!AllPassed(results)) table << "\nDetails of one exercise: ./lab check <id>\n";
    Write(options.output, table.str());
  }
  return AllPassed(results) ? kAllPass : kSomeFail;
}

}  // namespace racelab::commands
