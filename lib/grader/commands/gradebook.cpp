// `./lab grade --submissions DIR --output gradebook.csv`: a class at once. Every folder under DIR
// is one student's submission; each is graded like `./lab grade --submission` alone, one after
// the other (each build already uses every core), into one gradebook: a row per student, a
// column per exercise, a total. Beside it, in <gradebook>.d/, each student's report as JSON: an
// interrupted run picks up there, skipping every student whose report is already written for the
// same files.
#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "commands/commands.hpp"
#include "formats/format.hpp"
#include "process.hpp"
#include "submission.hpp"
#include "terminal.hpp"

namespace racelab::commands {
namespace fs = std::filesystem;
namespace {

// Changes when any file of the submission does (its path, size or modification time): a
// report made from other files is not reused.
std::string Fingerprint(const fs::path& submission) {
  std::size_t hash = 0;
  std::error_code error;
  std::vector<std::string> entries;
  for (auto it = fs::recursive_directory_iterator(submission, error);
       it != fs::recursive_directory_iterator(); it.increment(error)) {
    if (error) break;
    if (!it->is_regular_file()) continue;
    entries.push_back(fmt::format("{}:{}:{}", fs::relative(it->path(), submission).string(),
                                  it->file_size(),
                                  it->last_write_time().time_since_epoch().count()));
  }
  std::sort(entries.begin(), entries.end());
  for (const std::string& entry : entries) {
    hash = hash * 1'000'003u ^ std::hash<std::string>{}(entry);
  }
  return fmt::format("{:016x}", hash);
}

// A CSV field: quoted when it holds a comma, quote or line end.
std::string Csv(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string quoted = "\"";
  for (const char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

std::string Duration(double seconds) {
  const long s = std::lround(seconds);
  return s >= 60 ? fmt::format("{}m{:02}s", s / 60, s % 60) : fmt::format("{}s", s);
}

// -j N: N workers, each this program again with --slot K, grade every Nth student into the
// reports folder, each with its own staging folder and (when root) its own test user. They are
// processes, not threads: each is the subreaper of its own tests, so that what a student's code
// leaves running is found by the worker that graded that student, and charged to nobody else.
// Their builds take turns (the build tree's lock); one builds while another runs its tests.
void StartWorkers(const GradeOptions& options, std::size_t students) {
  std::cerr << fmt::format("racelab: grading {} students with {} workers\n", students,
                           options.jobs);
  std::vector<pid_t> workers;
  for (int slot = 0; slot < options.jobs; ++slot) {
    std::vector<std::string> args = options.command_line;
    args.insert(args.end(), {"--slot", std::to_string(slot)});
    std::vector<char*> argv;
    for (std::string& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    const pid_t pid = fork();
    if (pid == 0) {
      execv("/proc/self/exe", argv.data());
      _exit(127);
    }
    if (pid > 0) workers.push_back(pid);
  }
  for (const pid_t pid : workers) waitpid(pid, nullptr, 0);
}

}  // namespace

int GradeClass(Context& context, const GradeOptions& options) {
  if (options.output.empty() || options.output == "-") {
    throw UsageError("--submissions needs --output gradebook.csv (the reports go beside it)");
  }
  const std::vector<const Exercise*> selected = context.Select(options.ids);
  std::vector<fs::path> students;
  for (const auto& entry : fs::directory_iterator(options.submissions)) {
    if (entry.is_directory() && entry.path().filename().string().rfind('.', 0) != 0) {
      students.push_back(entry.path());
    }
  }
  std::sort(students.begin(), students.end());
  if (students.empty()) {
    throw UsageError(
        fmt::format("{} holds no folders: each student's submission is a folder "
                    "under it",
                    options.submissions));
  }
  const fs::path reports = options.output + ".d";
  fs::create_directories(reports);
  // Strangers' code runs here: none may see the others' submissions or reports. (As root, the
  // tests also run as a user of their own, who can write none of them; see process.hpp.)
  std::vector<fs::path> hidden = {fs::absolute(options.submissions), fs::absolute(reports)};
  for (int slot = 0; slot < options.jobs; ++slot) {  // the other workers' students
    if (slot != context.lab.slot) hidden.push_back(context.lab.build_dir / SubmissionFolder(slot));
  }
  context.grader.Hide(hidden);
  fs::permissions(reports, fs::perms::owner_all);

  const auto class_start = std::chrono::steady_clock::now();
  const bool worker = options.slot >= 0;
  if (options.jobs > 1 && !worker) {
    StartWorkers(options, students.size());
  } else if (!worker) {
    std::cerr << fmt::format("racelab: grading {} students, {} exercises each\n", students.size(),
                             selected.size());
  }
  const Replay replay = ReplayOf(context.lab, /*class_mode=*/true);
  const std::string slot = SlotSuffix(context.lab.slot);
  double graded_seconds = 0;
  int graded = 0, resumed = 0;
  for (std::size_t i = 0; i < students.size(); ++i) {
    // A worker of -j N grades every Nth student, from its slot on.
    if (worker && static_cast<int>(i % options.jobs) != options.slot) continue;
    const std::string name = students[i].filename().string();
    const fs::path report_file = reports / (name + ".json");
    const std::string fingerprint = Fingerprint(students[i]);
    if (fs::exists(report_file)) {
      try {
        const auto kept = nlohmann::json::parse(ReadFile(report_file));
        if (kept.value("fingerprint", "") == fingerprint &&
            kept.value("exercises", nlohmann::json::array()).size() == selected.size()) {
          ++resumed;
          continue;
        }
      } catch (const nlohmann::json::exception&) {
        // half written when the last run was stopped: grade again
      }
    }
    const double left = graded == 0 ? 0 : graded_seconds / graded * double(students.size() - i);
    std::cerr << Paint(fmt::format(
                           "[{}/{}] {}{}", i + 1, students.size(), name,
                           graded == 0 || worker ? "" : ", about " + Duration(left) + " left"),
                       Style::kBold)
              << "\n";

    const auto start = std::chrono::steady_clock::now();
    Report report;
    const Staged staged =
        StageSubmission(students[i], context.lab.build_dir / SubmissionFolder(context.lab.slot),
                        selected, context.catalog.exercises(), TestUserId(context.lab.slot));
    report.results = context.grader.Grade(selected, {Source::kSubmission, slot});
    report.replay = replay;
    report.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    graded_seconds += report.seconds;
    ++graded;

    auto json = nlohmann::ordered_json::parse(JsonFormat(report));
    json["student"] = name;
    json["fingerprint"] = fingerprint;
    json["missing"] = staged.missing;
    json["relocated"] = staged.relocated;
    json["ignored"] = staged.ignored;
    const fs::path partial = report_file.string() + ".partial";
    std::ofstream(partial) << json.dump(2) << "\n";
    fs::rename(partial, report_file);  // whole or not at all, for a run stopped here
    std::cerr << fmt::format("  {}{}/{} in {:.1f} s\n", worker ? name + ": " : "", report.score(),
                             report.max_score(), report.seconds);
  }
  if (worker) return kAllPass;  // the gradebook is written by the process that started it

  // The gradebook, from every student's report.
  std::string csv = "student";
  for (const Exercise* exercise : selected) csv += "," + Csv(exercise->id);
  csv += ",total,max_score\n";
  for (const fs::path& student : students) {
    const std::string name = student.filename().string();
    const auto json = nlohmann::json::parse(ReadFile(reports / (name + ".json")));
    csv += Csv(name);
    for (const auto& exercise : json.at("exercises")) {
      csv += "," + std::to_string(exercise.at("score").get<int>());
    }
    csv += fmt::format(",{},{}\n", json.at("score").get<int>(), json.at("max_score").get<int>());
  }
  {
    std::ofstream out(options.output);
    out << csv;
    if (!out) throw UsageError("cannot write " + options.output);
  }
  fs::permissions(options.output, fs::perms::owner_read | fs::perms::owner_write);
  const double total =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - class_start).count();
  if (options.jobs > 1) {
    std::cerr << fmt::format(
        "racelab: wrote {} ({} students); {} workers took {}, {:.1f} s per student\n",
        options.output, students.size(), options.jobs, Duration(total),
        total / static_cast<double>(students.size()));
  } else {
    std::cerr << fmt::format(
        "racelab: wrote {} ({} students{}); {} graded in {}, {:.1f} s per student\n",
        options.output, students.size(),
        resumed == 0 ? "" : fmt::format(", {} kept from the last run", resumed), graded,
        Duration(total), graded == 0 ? 0.0 : graded_seconds / graded);
  }
  return kAllPass;
}

}  // namespace racelab::commands
