// racelab: the command behind ./lab. `./lab` sets up the machine and the build, then runs this.
#include <fmt/format.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <fstream>
#include <iostream>
#include <optional>
#include <thread>

#include "catalog.hpp"
#include "grade.hpp"
#include "process.hpp"
#include "report.hpp"
#include "self_test.hpp"
#include "submission.hpp"

namespace fs = std::filesystem;
using racelab::Catalog;
using racelab::Exercise;

namespace {

constexpr int kUsageError = 2;

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::vector<const Exercise*> Select(const Catalog& catalog, const std::vector<std::string>& ids) {
  std::vector<const Exercise*> selected;
  if (ids.empty()) {
    for (const Exercise& exercise : catalog.exercises()) selected.push_back(&exercise);
    return selected;
  }
  for (const std::string& id : ids) {
    const Exercise* exercise = catalog.Find(id);
    if (exercise == nullptr) {
      std::string known;
      for (const Exercise& e : catalog.exercises()) known += "\n  " + e.id;
      throw UsageError(fmt::format("no exercise '{}'. The exercises are:{}", id, known));
    }
    selected.push_back(exercise);
  }
  return selected;
}

void Write(const std::string& output, const std::string& text) {
  if (output.empty() || output == "-") {
    std::cout << text;
    return;
  }
  std::ofstream file(output);
  file << text;
  if (!file) throw UsageError("cannot write " + output);
}

bool AllPassed(const std::vector<racelab::Result>& results) {
  return std::all_of(results.begin(), results.end(),
                     [](const racelab::Result& r) { return r.verdict.passed; });
}

// The newest modification time among the files a student edits.
fs::file_time_type NewestEdit(const fs::path& root, const std::vector<const Exercise*>& exercises) {
  auto newest = fs::file_time_type::min();
  std::error_code error;
  for (const Exercise* exercise : exercises) {
    for (const std::string& file : exercise->files) {
      newest =
          std::max(newest, fs::last_write_time(root / "exercises" / exercise->id / file, error));
    }
  }
  return newest;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"racelab: a lab of race conditions and locks, checked by ThreadSanitizer"};
  app.require_subcommand(1);
  app.fallthrough();  // `./lab test --one-core` as well as `./lab --one-core test`
  racelab::Lab lab{RACELAB_SOURCE_DIR, "", "tsan"};
  std::string build_dir;
  app.add_option("--preset", lab.preset, "CMake preset: tsan, tsan-clang, asan")
      ->capture_default_str();
  app.add_option("--build-dir", build_dir, "build tree (default: build/<preset>)");
  app.add_flag("--one-core", lab.one_core,
               "run the tests on one CPU, as graders that give a container one CPU or less do");

  std::vector<std::string> ids;
  std::string one_id;
  std::string format = "table", output, sources = "exercises", submission;
  int repeat = 3, hint_number = 0;

  auto* grade = app.add_subcommand("grade", "grade exercises: one row each, and a total");
  grade->add_option("ids", ids, "exercise ids or numbers (default: all)");
  grade->add_option("--format", format, "table or json")->check(CLI::IsMember({"table", "json"}));
  grade->add_option("--output", output, "write the report to this file");
  grade
      ->add_option("--sources", sources,
                   "exercises (the student's work), solutions, or wrong-fixes (the kept wrong "
                   "fixes, which all fail)")
      ->check(CLI::IsMember({"exercises", "solutions", "wrong-fixes"}));
  grade
      ->add_option("--submission", submission,
                   "grade a submission: a folder that mirrors the lab (DIR/exercises/<id>/...)")
      ->check(CLI::ExistingDirectory);

  auto* check = app.add_subcommand("check", "grade one exercise and explain its verdict in full");
  check->add_option("id", one_id, "exercise id or number")->required();

  auto* test = app.add_subcommand("test", "prove the lab sound: starters fail, solutions pass");
  test->add_option("ids", ids, "exercise ids or numbers (default: all)");
  test->add_option("--repeat", repeat, "runs of every starter and solution")
      ->check(CLI::PositiveNumber);

  auto* list = app.add_subcommand("list", "list the exercises");
  list->add_option("--format", format, "table or json")->check(CLI::IsMember({"table", "json"}));

  auto* hint = app.add_subcommand("hint", "show the next hint of an exercise");
  hint->add_option("id", one_id, "exercise id or number")->required();
  hint->add_option("n", hint_number, "which hint (default: 1)");

  auto* watch = app.add_subcommand("watch", "re-check an exercise each time you save it");
  watch->add_option("id", ids, "exercise id or number (default: the first one not yet passing)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error);
    return code == 0 ? 0 : kUsageError;
  }

  if (!one_id.empty()) ids = {one_id};

  try {
    lab.build_dir = build_dir.empty() ? lab.root / "build" / lab.preset : fs::path(build_dir);
    const Catalog catalog = Catalog::Load(lab.root);
    racelab::Grader grader(lab);

    if (*list) {
      if (format == "json") {
        nlohmann::ordered_json all = nlohmann::ordered_json::array();
        for (const Exercise& e : catalog.exercises()) {
          all.push_back({{"id", e.id},
                         {"title", e.title},
                         {"level", e.level},
                         {"points", e.points},
                         {"files", e.files},
                         {"solutions", e.solutions}});
        }
        std::cout << all.dump(2) << "\n";
      } else {
        for (const Exercise& e : catalog.exercises()) {
          std::cout << fmt::format("  {:<22} level {}  {:>3} points  {}\n", e.id, e.level, e.points,
                                   e.title);
        }
      }
      return 0;
    }

    if (*hint) {
      const Exercise* exercise = Select(catalog, ids).front();
      const int n = std::max(hint_number, 1);
      if (exercise->hints.empty()) throw UsageError(exercise->id + " has no hints");
      const int shown = std::min<int>(n, static_cast<int>(exercise->hints.size()));
      std::cout << fmt::format("{} · hint {} of {}\n\n{}\n", exercise->id, shown,
                               exercise->hints.size(), exercise->hints[shown - 1]);
      if (shown < static_cast<int>(exercise->hints.size())) {
        std::cout << fmt::format("\nStill stuck? ./lab hint {} {}\n", exercise->number(),
                                 shown + 1);
      }
      return 0;
    }

    if (*test) {
      return racelab::RunSelfTest(grader, Select(catalog, ids), repeat, std::cout) == 0 ? 0 : 1;
    }

    if (*check) {
      const auto results = grader.Grade(Select(catalog, ids), {racelab::Source::kExercise, ""});
      racelab::PrintTable(std::cout, results, /*details=*/true);
      return AllPassed(results) ? 0 : 1;
    }

    if (*watch) {
      std::vector<const Exercise*> all = Select(catalog, {});
      std::vector<const Exercise*> watched = ids.empty() ? all : Select(catalog, ids);
      std::optional<fs::file_time_type> seen;
      std::cout << "racelab: watching your files; save one to check again (Ctrl-C to stop)\n";
      for (;;) {
        const auto newest = NewestEdit(lab.root, watched);
        if (newest != seen) {  // also true the first time round
          seen = newest;
          // The first exercise in order that does not pass yet, as rustlings does.
          for (const Exercise* exercise : watched) {
            const auto results = grader.Grade({exercise}, {racelab::Source::kExercise, ""});
            std::cout << "\033[2J\033[H";
            racelab::PrintTable(std::cout, results, /*details=*/true);
            if (!AllPassed(results)) break;
          }
          std::cout.flush();
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
      }
    }

    // grade
    const std::vector<const Exercise*> selected = Select(catalog, ids);
    std::vector<racelab::Result> results;
    if (!submission.empty()) {
      const auto staged = racelab::StageSubmission(
          lab.root, submission, lab.build_dir / "submission", selected, catalog.exercises());
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
      results = grader.Grade(selected, {racelab::Source::kSubmission, ""});
    } else if (sources == "solutions") {
      std::vector<racelab::Grader::Job> jobs;
      for (const Exercise* exercise : selected) {
        for (const std::string& variant : exercise->solutions) {
          jobs.emplace_back(exercise, racelab::Source{racelab::Source::kSolution, variant});
        }
      }
      results = grader.Grade(jobs);
    } else if (sources == "wrong-fixes") {
      std::vector<racelab::Grader::Job> jobs;
      for (const Exercise* exercise : selected) {
        for (const racelab::WrongFix& wrong : exercise->wrong_fixes) {
          jobs.emplace_back(exercise, racelab::Source{racelab::Source::kWrongFix, wrong.name});
        }
      }
      results = grader.Grade(jobs);
    } else {
      results = grader.Grade(selected, {racelab::Source::kExercise, ""});
    }

    if (format == "json") {
      Write(output, racelab::ToJson(results).dump(2) + "\n");
    } else {
      std::ostringstream table;
      racelab::PrintTable(table, results, /*details=*/false);
      if (!AllPassed(results)) table << "\nDetails of one exercise: ./lab check <id>\n";
      Write(output, table.str());
    }
    return AllPassed(results) ? 0 : 1;
  } catch (const UsageError& error) {
    std::cerr << "racelab: " << error.what() << "\n";
    return kUsageError;
  } catch (const std::exception& error) {
    std::cerr << "racelab: " << error.what() << "\n";
    return kUsageError;
  }
}
