// Unit tests of the student's loop: the progress file, the keys of watch mode, colour, and
// putting starters back.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "catalog.hpp"
#include "process.hpp"
#include "progress.hpp"
#include "starter.hpp"
#include "terminal.hpp"
#include "watch_keys.hpp"

namespace racelab {
namespace {
namespace fs = std::filesystem;

// A fresh, empty folder for one test.
fs::path FreshDir(const std::string& name) {
  const fs::path dir =
      fs::path(testing::TempDir()) / ("racelab-" + name + "-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

void Write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

const std::vector<std::string> kOrder = {"00-a", "01-b", "02-c"};

TEST(Progress, AMissingFileIsAFreshStart) {
  const Progress progress = Progress::Load(FreshDir("missing") / "progress.json");
  EXPECT_FALSE(progress.passed("00-a"));
  EXPECT_EQ(progress.current(), "");
  EXPECT_EQ(progress.hints_seen("00-a"), 0);
  EXPECT_EQ(progress.NextToDo(kOrder), "00-a");
}

TEST(Progress, SavedProgressIsLoadedBack) {
  const fs::path file = FreshDir("round-trip") / ".racelab-progress.json";
  Progress progress = Progress::Load(file);
  progress.Record("00-a", true);
  progress.Record("02-c", true);
  progress.set_current("01-b");
  progress.SawHint("01-b", 2);
  ASSERT_TRUE(progress.Save());

  const Progress loaded = Progress::Load(file);
  EXPECT_TRUE(loaded.passed("00-a"));
  EXPECT_FALSE(loaded.passed("01-b"));
  EXPECT_TRUE(loaded.passed("02-c"));
  EXPECT_EQ(loaded.current(), "01-b");
  EXPECT_EQ(loaded.hints_seen("01-b"), 2);
  EXPECT_EQ(loaded.hints_seen("00-a"), 0);
  // Written through a temporary file, which is gone.
  EXPECT_EQ(std::distance(fs::directory_iterator(file.parent_path()), fs::directory_iterator()), 1);
}

TEST(Progress, AnUnreadableFileIsAFreshStartThatSaysWhy) {
  const fs::path file = FreshDir("corrupt") / "progress.json";
  Write(file, "{\"passed\": [\"00-a\"");  // cut short
  std::string problem;
  const Progress progress = Progress::Load(file, &problem);
  EXPECT_FALSE(progress.passed("00-a"));
  EXPECT_NE(problem.find("progress.json"), std::string::npos) << problem;

  Write(file, R"({"passed": "00-a"})");  // the wrong type
  problem.clear();
  Progress::Load(file, &problem);
  EXPECT_FALSE(problem.empty());
}

TEST(Progress, SavingWhereNothingCanBeWrittenFails) {
  Progress progress = Progress::Load(FreshDir("unwritable") / "no-such-dir" / "progress.json");
  EXPECT_FALSE(progress.Save());
}

TEST(Progress, AFailedCheckTakesThePassBack) {
  Progress progress;
  progress.Record("01-b", true);
  progress.Record("01-b", false);
  EXPECT_FALSE(progress.passed("01-b"));
}

TEST(Progress, HintsSeenKeepTheHighest) {
  Progress progress;
  progress.SawHint("00-a", 3);
  progress.SawHint("00-a", 1);
  EXPECT_EQ(progress.hints_seen("00-a"), 3);
}

TEST(Progress, NextUnfinishedLooksAfterTheGivenOneAndWrapsRound) {
  Progress progress;
  progress.Record("01-b", true);
  EXPECT_EQ(progress.NextUnfinished(kOrder), "00-a");
  EXPECT_EQ(progress.NextUnfinished(kOrder, "00-a"), "02-c");  // 01-b passed
  EXPECT_EQ(progress.NextUnfinished(kOrder, "02-c"), "00-a");  // round to the start
  EXPECT_EQ(progress.NextUnfinished(kOrder, "no-such"), "00-a");
  progress.Record("00-a", true);
  progress.Record("02-c", true);
  EXPECT_EQ(progress.NextUnfinished(kOrder, "00-a"), std::nullopt);
}

TEST(Progress, NextToDoStaysOnTheCurrentOneUntilItPasses) {
  Progress progress;
  progress.set_current("01-b");
  EXPECT_EQ(progress.NextToDo(kOrder), "01-b");  // even though 00-a has not passed
  progress.Record("01-b", true);
  EXPECT_EQ(progress.NextToDo(kOrder), "02-c");
  progress.set_current("removed-exercise");
  EXPECT_EQ(progress.NextToDo(kOrder), "00-a");
}

TEST(WatchKeys, EachKeyAsksForItsAction) {
  WatchKeys keys;
  EXPECT_EQ(keys.OnKey('h', false), KeyAction::kHint);
  EXPECT_EQ(keys.OnKey('l', false), KeyAction::kList);
  EXPECT_EQ(keys.OnKey('c', false), KeyAction::kCheckAll);
  EXPECT_EQ(keys.OnKey('q', false), KeyAction::kQuit);
  EXPECT_EQ(keys.OnKey('H', false), KeyAction::kHint);  // Caps Lock on
  EXPECT_EQ(keys.OnKey('Q', true), KeyAction::kQuit);
  EXPECT_EQ(keys.OnKey('\n', false), KeyAction::kIgnore);
  EXPECT_EQ(keys.OnKey('\033', false), KeyAction::kIgnore);
  EXPECT_EQ(keys.OnKey('z', false), KeyAction::kHelp);
}

TEST(WatchKeys, NextOnlyOnceTheCurrentExercisePasses) {
  WatchKeys keys;
  EXPECT_EQ(keys.OnKey('n', /*current_passed=*/false), KeyAction::kNotYet);
  EXPECT_EQ(keys.OnKey('n', /*current_passed=*/true), KeyAction::kNext);
}

TEST(WatchKeys, ResetHappensOnlyAfterAYesToTheQuestion) {
  WatchKeys keys;
  EXPECT_EQ(keys.OnKey('x', false), KeyAction::kAskReset);
  EXPECT_FALSE(keys.asking());  // not until the question is on the screen
  EXPECT_EQ(keys.OnKey('y', false), KeyAction::kHelp);

  keys.AskReset();
  EXPECT_TRUE(keys.asking());
  EXPECT_EQ(keys.OnKey('y', false), KeyAction::kReset);
  EXPECT_FALSE(keys.asking());

  keys.AskReset();
  EXPECT_EQ(keys.OnKey('Y', false), KeyAction::kReset);

  // Any other key keeps the work, and is not taken as its usual action.
  for (char key : {'n', 'q', 'x', '\n'}) {
    keys.AskReset();
    EXPECT_EQ(keys.OnKey(key, true), KeyAction::kKeepWork) << key;
    EXPECT_FALSE(keys.asking());
  }
  EXPECT_EQ(keys.OnKey('q', false), KeyAction::kQuit);  // back to normal
}

TEST(WatchKeys, HintsComeOneAfterAnotherThenFromTheFirstAgain) {
  EXPECT_EQ(NextHint(0, 3), 1);
  EXPECT_EQ(NextHint(1, 3), 2);
  EXPECT_EQ(NextHint(2, 3), 3);
  EXPECT_EQ(NextHint(3, 3), 1);
  EXPECT_EQ(NextHint(0, 1), 1);
  EXPECT_EQ(NextHint(1, 1), 1);
  EXPECT_EQ(NextHint(4, 2), 1);  // more were seen than the README has now
}

TEST(Terminal, ColourOnlyOnATerminalAndNeverWithNoColor) {
  EXPECT_TRUE(ShouldColour(true, nullptr, "xterm-256color"));
  EXPECT_TRUE(ShouldColour(true, nullptr, nullptr));
  EXPECT_FALSE(ShouldColour(false, nullptr, "xterm"));  // piped
  EXPECT_FALSE(ShouldColour(true, "1", "xterm"));
  EXPECT_TRUE(ShouldColour(true, "", "xterm"));  // https://no-color.org: set and not empty
  EXPECT_FALSE(ShouldColour(true, nullptr, "dumb"));
}

TEST(Terminal, NoEscapeCodesOnceColourIsOff) {
  DisableColour();
  EXPECT_EQ(Paint("FAIL", Style::kRed), "FAIL");
}

Exercise OneFileExercise() {
  Exercise exercise;
  exercise.id = "00-a";
  exercise.files = {"a.hpp", "b.hpp"};
  return exercise;
}

TEST(Starter, RestoringKeepsACopyOfTheStudentsVersion) {
  const fs::path root = FreshDir("restore");
  const Exercise exercise = OneFileExercise();
  Write(root / "exercises/00-a/a.hpp", "student's work\n");
  Write(root / "exercises/00-a/b.hpp", "starter b\n");
  const std::vector<StarterFile> files = {{"a.hpp", "starter a\n", true},
                                          {"b.hpp", "starter b\n", false}};
  const auto backups = RestoreStarters(root, exercise, files, root / "backups");

  EXPECT_EQ(ReadFile(root / "exercises/00-a/a.hpp"), "starter a\n");
  EXPECT_EQ(ReadFile(root / "exercises/00-a/b.hpp"), "starter b\n");
  ASSERT_EQ(backups.size(), 1u);
  EXPECT_EQ(backups[0], root / "backups/00-a/a.hpp");
  EXPECT_EQ(ReadFile(backups[0]), "student's work\n");
  EXPECT_FALSE(fs::exists(root / "backups/00-a/b.hpp"));
}

TEST(Starter, ADeletedFileIsWrittenBack) {
  const fs::path root = FreshDir("deleted");
  fs::create_directories(root / "exercises/00-a");
  const auto backups =
      RestoreStarters(root, OneFileExercise(), {{"a.hpp", "starter a\n", true}}, root / "backups");
  EXPECT_TRUE(backups.empty());
  EXPECT_EQ(ReadFile(root / "exercises/00-a/a.hpp"), "starter a\n");
}

TEST(Starter, ReadingOneNeedsItsRecordedBlobAndGitHistory) {
  const fs::path root = FreshDir("no-git");
  Exercise exercise = OneFileExercise();
  exercise.files = {"a.hpp"};
  try {
    ReadStarters(root, exercise);
    ADD_FAILURE() << "read a starter that exercise.json does not record";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("records no starter for a.hpp"), std::string::npos)
        << error.what();
  }
  exercise.starters = {{"a.hpp", "0123456789012345678901234567890123456789"}};
  try {
    ReadStarters(root, exercise);
    ADD_FAILURE() << "read a starter without git history";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("no git history"), std::string::npos) << error.what();
  }
}

// exercise.json records the blob of each file exactly as it is in the lab: whoever changes a
// starter updates it in the same commit (`git hash-object exercises/<id>/<file>`).
TEST(Starter, EveryRecordedStarterIsTheFileInTheLab) {
  const fs::path root = RACELAB_SOURCE_DIR;
  if (GitBlobId(root / "CMakeLists.txt").empty()) GTEST_SKIP() << "git is not installed";
  const Catalog catalog = Catalog::Load(root);
  ASSERT_FALSE(catalog.exercises().empty());
  for (const Exercise& exercise : catalog.exercises()) {
    for (const std::string& file : exercise.files) {
      const auto recorded = exercise.starters.find(file);
      ASSERT_NE(recorded, exercise.starters.end())
          << "exercises/" << exercise.id << "/exercise.json records no starter for " << file;
      EXPECT_EQ(recorded->second, GitBlobId(root / "exercises" / exercise.id / file))
          << "exercises/" << exercise.id << "/" << file
          << " is not the starter exercise.json records; if you changed it on purpose, record "
             "its `git hash-object`";
    }
    if (fs::exists(root / ".git")) {
      for (const StarterFile& starter : ReadStarters(root, exercise)) {
        EXPECT_FALSE(starter.edited) << exercise.id << "/" << starter.file;
      }
    }
  }
}

}  // namespace
}  // namespace racelab
