#include <fmt/format.h>

#include <chrono>
#include <iostream>
#include <optional>
#include <sstream>

#include "commands/commands.hpp"
#include "formats/format.hpp"
#include "terminal.hpp"
#include "watch_keys.hpp"

namespace racelab::commands {
namespace fs = std::filesystem;
namespace {

// How often the student's files are looked at (and how long a key is waited for). Polling, not
// inotify: it works on every file system, shared folders and containers included.
constexpr auto kPollInterval = std::chrono::milliseconds(200);

// The modification time and size of each student-editable file of an exercise: a save changes
// it.
using Stamp = std::vector<std::pair<fs::file_time_type, std::uintmax_t>>;

Stamp StampOf(const fs::path& root, const Exercise& exercise) {
  Stamp stamp;
  for (const std::string& file : exercise.files) {
    const fs::path path = root / "exercises" / exercise.id / file;
    std::error_code time_error, size_error;  // a missing file has a stamp of its own
    const auto time = fs::last_write_time(path, time_error);
    const auto size = fs::file_size(path, size_error);
    stamp.emplace_back(time_error ? fs::file_time_type::min() : time, size_error ? 0 : size);
  }
  return stamp;
}

std::string Key(char key, const char* what) {
  return Paint(std::string(1, key), Style::kBold) + " " + what;
}

// One watch session: the current exercise, its last verdict, and what the keys asked for.
class Session {
 public:
  Session(Context& context, const Exercise& first, bool show_progress)
      : context_(context), exercise_(&first), show_progress_(show_progress) {}

  int Run() {
    Switch(*exercise_);
    for (;;) {
      if (StampOf(context_.lab.root, *exercise_) != stamp_) {
        Check();
        if (show_progress_) {
          SetNote(ProgressNote());
          show_progress_ = false;
        }
        Draw();
      }
      const auto key = keys_.Read(kPollInterval);
      if (!key) continue;
      if (!Handle(watch_keys_.OnKey(*key, passed()))) return kAllPass;
      Draw();
    }
  }

 private:
  bool passed() const { return result_ && result_->verdict.passed; }

  void Switch(const Exercise& exercise) {
    exercise_ = &exercise;
    Progress progress = context_.LoadProgress();
    progress.set_current(exercise.id);
    context_.SaveProgress(progress);
    last_hint_ = progress.hints_seen(exercise.id);
    result_.reset();
    stamp_.reset();
    SetNote("");
  }

  void Check() {
    stamp_ = StampOf(context_.lab.root, *exercise_);  // a save during the check checks again
    std::cout << Paint(fmt::format("checking {}…", exercise_->id), Style::kDim) << std::endl;
    const auto results = context_.grader.Grade({exercise_}, {Source::kExercise, ""});
    context_.RecordProgress(results);
    result_ = results.front();
    if (!note_sticky_) SetNote("");
  }

  void SetNote(std::string note, bool sticky = false) {
    note_ = std::move(note);
    note_sticky_ = sticky;
  }

  std::string ProgressNote() const {
    const Progress progress = context_.LoadProgress();
    int passes = 0;
    for (const Exercise& exercise : context_.catalog.exercises())
      passes += progress.passed(exercise.id);
    std::ostringstream out;
    out << Paint(fmt::format("Your progress: {} of {} exercises pass", passes,
                             context_.catalog.exercises().size()),
                 Style::kBold)
        << "\n";
    PrintExercises(out, context_, progress);
    return out.str();
  }

  std::string Verdict() const {
    if (!result_) return "";
    if (!passed()) {
      return Paint(fmt::format("FAIL · {}", result_->verdict.category), Style::kRed) + "\n" +
             FullMessage(*result_);
    }
    const auto next = context_.LoadProgress().NextUnfinished(context_.Order(), exercise_->id);
    std::string then;
    if (!next) {
      then = "every exercise passes now. Well done!";
    } else if (keys_.active()) {
      then = "press n for the next";
    } else {
      then = fmt::format("the next one: ./lab watch {}", context_.SelectOne(*next).number());
    }
    return Paint("passed", Style::kGreen) + " — " + then + "\n";
  }

  std::string Footer() const {
    std::string files;
    for (const std::string& file : exercise_->files) {
      files += (files.empty() ? "" : ", ") + fmt::format("exercises/{}/{}", exercise_->id, file);
    }
    std::string footer = Paint(fmt::format("watching {}…", files), Style::kDim);
    if (!keys_.active()) return footer + " save to check again (Ctrl-C stops)\n";
    if (watch_keys_.asking())
      return footer + "\n" + Key('y', "reset") + " · any other key keeps your work\n";
    return footer + "\n" + Key('h', "hint") + " · " + Key('n', "next") + " · " + Key('l', "list") +
           " · " + Key('c', "check all") + " · " + Key('x', "reset") + " · " + Key('q', "quit") +
           "\n";
  }

  void Draw() const {
    std::string screen = ClearScreen();
    screen += Paint(fmt::format("{} · {}", exercise_->id, exercise_->title), Style::kBold) + "\n";
    screen += Verdict();
    if (!note_.empty()) screen += "\n" + note_ + (note_.back() == '\n' ? "" : "\n");
    screen += "\n" + Footer();
    std::cout << screen << std::flush;
  }

  // Carries out what a key asked for; false to quit.
  bool Handle(KeyAction action) {
    switch (action) {
      case KeyAction::kIgnore:
        break;
      case KeyAction::kHelp:
        SetNote("That key does nothing here; the keys are below.");
        break;
      case KeyAction::kHint:
        ShowHint();
        break;
      case KeyAction::kNotYet:
        SetNote(fmt::format("n moves on once {} passes. Stuck? h shows a hint.", exercise_->id));
        break;
      case KeyAction::kNext:
        if (const auto next =
                context_.LoadProgress().NextUnfinished(context_.Order(), exercise_->id)) {
          Switch(context_.SelectOne(*next));
        } else {
          SetNote("Every exercise passes: there is no next one. q quits.");
        }
        break;
      case KeyAction::kList:
        SetNote(ProgressNote());
        break;
      case KeyAction::kCheckAll:
        CheckAll();
        break;
      case KeyAction::kAskReset:
        AskReset();
        break;
      case KeyAction::kReset:
        DoReset();
        break;
      case KeyAction::kKeepWork:
        SetNote("Nothing was reset.");
        break;
      case KeyAction::kQuit:
        return false;
    }
    return true;
  }

  void ShowHint() {
    const int count = static_cast<int>(exercise_->hints.size());
    if (count == 0) {
      SetNote(exercise_->id + " has no hints.");
      return;
    }
    last_hint_ = NextHint(last_hint_, count);
    Progress progress = context_.LoadProgress();
    progress.SawHint(exercise_->id, last_hint_);
    context_.SaveProgress(progress);
    SetNote(Paint(fmt::format("Hint {} of {}", last_hint_, count), Style::kBold) + "\n\n" +
                exercise_->hints[last_hint_ - 1] + "\n",
            /*sticky=*/true);
  }

  void CheckAll() {
    std::cout << Paint(fmt::format("checking all {} exercises (each one is built first: this "
                                   "takes a while)…",
                                   context_.catalog.exercises().size()),
                       Style::kDim)
              << std::endl;
    const auto results = context_.grader.Grade(context_.Select({}), {Source::kExercise, ""});
    context_.RecordProgress(results);
    for (const Result& result : results) {
      if (result.exercise == exercise_) result_ = result;
    }
    SetNote(Table(results, /*details=*/false));
  }

  void AskReset() {
    try {
      pending_reset_ = ReadStarters(context_.lab.root, *exercise_);
    } catch (const std::runtime_error& error) {
      SetNote(fmt::format("Cannot reset: {}.", error.what()));
      return;
    }
    std::string edited;
    for (const StarterFile& file : pending_reset_) {
      if (file.edited) edited += fmt::format(" exercises/{}/{}", exercise_->id, file.file);
    }
    if (edited.empty()) {
      SetNote(DescribeReset(*exercise_, pending_reset_, {}, context_.lab.root));
      return;
    }
    SetNote(Paint(fmt::format("Reset{} to the starter?", edited), Style::kYellow) +
                " A copy of your version is kept.",
            /*sticky=*/true);  // a save meanwhile keeps the question on the screen
    watch_keys_.AskReset();
  }

  void DoReset() {
    try {
      const auto backups =
          RestoreStarters(context_.lab.root, *exercise_, pending_reset_, BackupDir(context_));
      SetNote(DescribeReset(*exercise_, pending_reset_, backups, context_.lab.root),
              /*sticky=*/true);
    } catch (const std::exception& error) {
      SetNote(fmt::format("Cannot reset: {}.", error.what()), /*sticky=*/true);
    }
  }

  Context& context_;
  const Exercise* exercise_;
  bool show_progress_;
  KeyReader keys_;
  WatchKeys watch_keys_;
  std::optional<Stamp> stamp_;    // of the files as last checked
  std::optional<Result> result_;  // their verdict
  std::string note_;              // under the verdict: a hint, the list, an answer to a key
  bool note_sticky_ = false;      // kept when the exercise is checked again
  int last_hint_ = 0;             // the hint `h` showed last
  std::vector<StarterFile> pending_reset_;  // read when the reset question is asked
};

}  // namespace

int Watch(Context& context, const WatchOptions& options) {
  std::string id = options.id;
  if (id.empty()) {
    const auto next = context.LoadProgress().NextToDo(context.Order());
    if (!next) {
      std::cout << "Every exercise passes. To work on one again: ./lab watch <id>\n";
      return kAllPass;
    }
    id = *next;
  }
  const Exercise& exercise = context.SelectOne(id);
  return Session(context, exercise, options.show_progress).Run();
}

}  // namespace racelab::commands
