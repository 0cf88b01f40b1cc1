// racelab: the command behind ./lab. `./lab` sets up the machine and the build, then runs this.
// This file only defines the command line; each command lives in commands/.
#include <CLI/CLI.hpp>
#include <iostream>
#include <string_view>

#include "commands/commands.hpp"
#include "compiler_launcher.hpp"
#include "formats/format.hpp"

namespace fs = std::filesystem;
using namespace racelab::commands;

namespace {

// The first word of the command line that is neither an option nor an option's value, if it
// names no command of `app`; "" otherwise.
std::string UnknownCommand(CLI::App& app, int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--preset" || arg == "--build-dir" || arg == "--seed" || arg == "--format" ||
        arg == "--output" || arg == "--report" || arg == "--lab-repository" || arg == "--lab-ref" ||
        arg == "--sources" || arg == "--submission" || arg == "--submissions" ||
        arg == "--repeat" || arg == "--wrong-fix-repeat" || arg == "--schedule" ||
        arg == "--bound" || arg == "--pct" || arg == "--solution" || arg == "--svg" ||
        arg == "--wrong-fix") {
      ++i;  // its value
      continue;
    }
    if (arg.rfind("-", 0) == 0) continue;
    for (const CLI::App* subcommand : app.get_subcommands({})) {
      if (subcommand->check_name(arg)) return "";
    }
    return arg;
  }
  return "";
}

}  // namespace

int main(int argc, char** argv) {
  // The build rules of a submission's tests start the compiler through this (not a command for
  // people, so not on the command line below).
  if (argc > 1 && std::string_view(argv[1]) == "run-compiler") {
    return racelab::RunCompiler(std::vector<std::string>(argv + 2, argv + argc), "");
  }
  // Named as students call it (`./lab`), not by the path of this binary.
  CLI::App app{"racelab: a lab of race conditions and locks, checked by ThreadSanitizer", "./lab"};
  app.require_subcommand(0, 1);
  app.footer(
      "With no command, ./lab shows your progress, then watches the exercise to work on now.");
  app.fallthrough();  // `./lab test --one-core` as well as `./lab --one-core test`
  racelab::Lab lab{RACELAB_SOURCE_DIR, "", "tsan"};
  std::string build_dir;
  app.add_option("--preset", lab.preset, "CMake preset: tsan, tsan-clang, asan")
      ->capture_default_str();
  app.add_option("--build-dir", build_dir, "build tree (default: build/<preset>)");
  app.add_flag("--one-core", lab.one_core,
               "run the tests on one CPU, as graders that give a container one CPU or less do");
  std::string extra_tests;
  app.add_option("--extra-tests", extra_tests,
                 "an instructor's own tests, laid out like tests/, built into every exercise's "
                 "grading")
      ->check(CLI::ExistingDirectory);

  GradeOptions grade_options;
  auto* grade = app.add_subcommand("grade", "grade exercises: one row each, and a total");
  grade->add_option("ids", grade_options.ids, "exercise ids or numbers (default: all)");
  std::vector<std::string> formats;
  for (const auto& [name, format] : racelab::Formats()) formats.push_back(name);
  grade
      ->add_option("--format", grade_options.format,
                   "table (for people), json, gradescope (its results.json), junit, markdown "
                   "(a CI job summary) or github (annotations at the student's lines)")
      ->check(CLI::IsMember(formats));
  grade->add_option("--output", grade_options.output, "write the report to this file");
  const auto visibilities = {"visible", "hidden", "after_due_date", "after_published"};
  grade
      ->add_option("--extra-tests-visibility", grade_options.extra_tests_visibility,
                   "gradescope: who sees the message when an instructor's own test fails "
                   "(the score always counts)")
      ->check(CLI::IsMember(visibilities));
  grade
      ->add_option("--report", grade_options.reports,
                   "also write the same grading as FORMAT to FILE (FORMAT=FILE; repeatable)")
      ->check(CLI::Validator(
          [formats](const std::string& report) {
            const auto equals = report.find('=');
            if (equals == std::string::npos || equals + 1 == report.size()) {
              return std::string("expected FORMAT=FILE");
            }
            return std::find(formats.begin(), formats.end(), report.substr(0, equals)) !=
                           formats.end()
                       ? std::string()
                       : "unknown format '" + report.substr(0, equals) + "'";
          },
          "FORMAT=FILE"));
  grade
      ->add_option("--sources", grade_options.sources,
                   "exercises (the student's work), solutions, or wrong-fixes (the kept wrong "
                   "fixes, which all fail)")
      ->check(CLI::IsMember({"exercises", "solutions", "wrong-fixes"}));
  grade
      ->add_option("--submission", grade_options.submission,
                   "grade a submission: a folder that mirrors the lab (DIR/exercises/<id>/...)")
      ->check(CLI::ExistingDirectory);
  grade
      ->add_option("--submissions", grade_options.submissions,
                   "grade a class: every folder under DIR is one student's submission; writes "
                   "the gradebook to --output, and each student's report beside it")
      ->check(CLI::ExistingDirectory)
      ->excludes("--submission");
  grade
      ->add_option("-j,--jobs", grade_options.jobs,
                   "with --submissions: grade this many students at once (each grader builds "
                   "while another runs its tests)")
      ->check(CLI::Range(1, 16));
  grade->add_option("--slot", grade_options.slot)->group("");  // a worker of -j N (internal)

  std::string check_id;
  auto* check = app.add_subcommand("check", "grade one exercise and explain its verdict in full");
  check->add_option("id", check_id, "exercise id or number")->required();
  const CLI::Validator seed_number(
      [](const std::string& n) {
        return !n.empty() && n.size() <= 19 &&
                       n.find_first_not_of("0123456789") == std::string::npos
                   ? ""
                   : "a seed is a number";
      },
      "N");
  const std::string seed_help =
      "run the tests with this chaos seed, to replay a run (reports give each run's seed)";
  check->add_option("--seed", lab.seed, seed_help)->check(seed_number);
  grade->add_option("--seed", lab.seed, seed_help)->check(seed_number);

  TestOptions test_options;
  auto* test = app.add_subcommand("test", "prove the lab sound: starters fail, solutions pass");
  test->add_option("ids", test_options.ids, "exercise ids or numbers (default: all)");
  test->add_option("--repeat", test_options.repeat, "runs of every starter and solution")
      ->check(CLI::PositiveNumber);
  test->add_option("--wrong-fix-repeat", test_options.wrong_fix_repeat,
                   "runs of every kept wrong fix (default: as many as --repeat)")
      ->check(CLI::PositiveNumber);

  ExplainOptions explain_options;
  std::string explain_schedule, explain_seed;
  int explain_bound = 2, explain_pct = 200;
  auto* explain = app.add_subcommand(
      "explain", "show how the threads interleave to break an exercise, step by step");
  explain->add_option("ids", explain_options.ids, "exercise id or number");
  explain->add_option("--schedule", explain_schedule, "replay this schedule (the story gives it)");
  explain->add_option("--bound", explain_bound, "try schedules with up to N preemptions")
      ->check(CLI::Range(0, 5))
      ->capture_default_str();
  explain
      ->add_option("--pct", explain_pct,
                   "then N schedules with random priorities, for bugs deeper than the bound")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  explain->add_option("--seed", explain_seed, "with --pct: the first random seed")
      ->check(seed_number);
  explain->add_option("--solution", explain_options.solution,
                      "explore this solution variant instead of your file");
  explain
      ->add_option("--wrong-fix", explain_options.wrong_fix,
                   "explore this kept wrong fix instead of your file")
      ->excludes("--solution");
  explain->add_option("--format", explain_options.format, "text or json")
      ->check(CLI::IsMember({"text", "json"}));
  explain->add_option("--svg", explain_options.svg, "also draw the timeline into this SVG file");
  explain->add_flag("--measure", explain_options.measure,
                    "explore every starter and solution variant; print a table");

  std::string list_format = "table";
  auto* list = app.add_subcommand("list", "list the exercises");
  list->add_option("--format", list_format, "table or json")
      ->check(CLI::IsMember({"table", "json"}));

  HintOptions hint_options;
  auto* hint = app.add_subcommand("hint", "show the next hint of an exercise");
  hint->add_option("id", hint_options.id, "exercise id or number")->required();
  hint->add_option("n", hint_options.number, "which hint (default: the one after the last seen)")
      ->check(CLI::Validator(
          [](const std::string& n) {
            return n.find_first_not_of("0123456789") == std::string::npos && std::stoi(n) >= 1
                       ? ""
                       : "hints are numbered from 1";
          },
          "N"));

  WatchOptions watch_options;
  auto* watch = app.add_subcommand("watch", "re-check an exercise each time you save it");
  watch->add_option("id", watch_options.id,
                    "exercise id or number (default: the one you are on, or the next not yet "
                    "passing)");

  ClassroomOptions classroom_options;
  auto* classroom = app.add_subcommand(
      "classroom", "write the GitHub Classroom autograding workflow of this lab");
  classroom->add_option("ids", classroom_options.ids,
                        "the assignment's exercises: ids, numbers or ranges like 00-05 (default: "
                        "all)");
  classroom->add_option("--lab-repository", classroom_options.lab_repository,
                        "OWNER/NAME of the lab on GitHub (default: this checkout's origin)");
  classroom->add_option("--lab-ref", classroom_options.lab_ref,
                        "the lab's commit to grade with (default: HEAD)");
  classroom->add_option("--output", classroom_options.output,
                        "where to write it (default: .github/workflows/classroom.yml)");

  PackageOptions package_options;
  auto* package = app.add_subcommand("package", "write a copy of the lab for others to use");
  auto* package_starter = package->add_subcommand(
      "starter", "the students' copy: no solutions, no wrong fixes, the starters as shipped");
  package_starter->add_option("--output", package_options.output, "a new folder")->required();
  auto* package_gradescope = package->add_subcommand(
      "gradescope", "a Gradescope autograder (setup.sh, run_autograder, the lab, its sources)");
  package_gradescope->add_option("ids", package_options.ids,
                                 "the assignment's exercises, ids or ranges (default: all)");
  package_gradescope->add_option("--output", package_options.output, "the zip to write")
      ->required();
  package_gradescope
      ->add_option("--extra-tests", package_options.extra_tests,
                   "the instructor's own tests, laid out like tests/")
      ->check(CLI::ExistingDirectory);
  package_gradescope
      ->add_option("--extra-tests-visibility", package_options.extra_tests_visibility,
                   "who sees the message when one of them fails (the score always counts)")
      ->check(CLI::IsMember(visibilities));
  package->require_subcommand(1);

  ResetOptions reset_options;
  auto* reset = app.add_subcommand(
      "reset", "put an exercise's files back as they came, keeping a copy of yours");
  reset->add_option("id", reset_options.id, "exercise id or number")->required();
  reset->add_flag("--yes", reset_options.yes, "do not ask first");

  BundleOptions bundle_options;
  auto* bundle = app.add_subcommand(
      "bundle", "the dependencies' sources and builds in one file, for a room on weak Wi-Fi");
  bundle->add_option("--output", bundle_options.output, "the archive to write")
      ->capture_default_str();

  ExperimentOptions experiment_options;
  auto* experiment = app.add_subcommand(
      "experiment", "measure one of the course's claims on this machine: a table and a plot");
  experiment->add_option("names", experiment_options.names, "experiment names (none: the list)");
  experiment->add_flag("--all", experiment_options.all, "every experiment");
  experiment->add_option("--output-dir", experiment_options.output_dir,
                         "where the plots, tables and data go (default: build/experiments)");
  experiment->add_flag("--quick", experiment_options.quick,
                       "measure little: checks that it runs and plots, gives no figure to quote");
  experiment->add_flag("--live", experiment_options.live,
                       "show each measurement as it comes, for a demo; no plot");

  DemoOptions demo_options;
  auto* demo =
      app.add_subcommand("demo", "show a race, a deadlock or the GIL live, for a projector");
  demo->add_option("name", demo_options.name, "counter, deadlock or gil (none: list them)");
  demo->add_flag("--step", demo_options.step, "pause for Enter between the parts");
  demo->add_flag("--quick", demo_options.quick, "never pause (for CI)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    if (const std::string command = UnknownCommand(app, argc, argv); !command.empty()) {
      std::cerr << "racelab: unknown command '" << command << "'. The commands:";
      for (const CLI::App* subcommand : app.get_subcommands({})) {
        std::cerr << "\n  ./lab " << subcommand->get_name();
      }
      std::cerr << "\nand ./lab alone: your progress, then watch mode. Help: ./lab --help\n";
      return kUsageError;
    }
    const int code = app.exit(error);
    return code == 0 ? 0 : kUsageError;
  }

  try {
    lab.build_dir = build_dir.empty() ? lab.root / "build" / lab.preset : fs::path(build_dir);
    if (!extra_tests.empty()) {
      lab.extra_tests = fs::absolute(extra_tests).lexically_normal();
      // The instructor's tests may be private: the code under test must not read and print them.
      lab.hidden.push_back(lab.extra_tests);
    }
    lab.slots = grade_options.jobs;
    lab.slot = std::max(0, grade_options.slot);
    for (int i = 0; i < argc; ++i) grade_options.command_line.emplace_back(argv[i]);
    Context context{lab, racelab::Catalog::Load(lab.root), racelab::Grader(lab)};
    if (*explain) {
      auto& args = explain_options.explorer_args;
      args = {"--bound", std::to_string(explain_bound)};
      if (!explain_schedule.empty()) args.insert(args.end(), {"--schedule", explain_schedule});
      if (explain_pct > 0) args.insert(args.end(), {"--pct", std::to_string(explain_pct)});
      if (!explain_seed.empty()) args.insert(args.end(), {"--seed", explain_seed});
      return Explain(context, explain_options);
    }
    if (*list) return List(context, list_format);
    if (*hint) return Hint(context, hint_options);
    if (*test) return Test(context, test_options);
    if (*check) return Check(context, check_id);
    if (*watch) return Watch(context, watch_options);
    if (*reset) return Reset(context, reset_options);
    if (*bundle) return Bundle(context, bundle_options);
    if (*experiment) return Experiment(context, experiment_options);

    if (*demo) return Demo(context, demo_options);
    if (*package_starter) return PackageStarter(context, package_options);
    if (*package_gradescope) return PackageGradescope(context, package_options);
    if (*classroom) return Classroom(context, classroom_options);
    if (*grade && !grade_options.submissions.empty()) return GradeClass(context, grade_options);
    if (*grade) return Grade(context, grade_options);
    return Start(context);
  } catch (const std::exception& error) {
    std::cerr << "racelab: " << error.what() << "\n";
    return kUsageError;
  }
}
