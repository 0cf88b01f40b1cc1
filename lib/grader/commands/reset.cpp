#include <fmt/chrono.h>
#include <fmt/format.h>

#include <ctime>
#include <iostream>

#include "commands/commands.hpp"
#include "terminal.hpp"

namespace racelab::commands {
namespace fs = std::filesystem;

fs::path BackupDir(const Context& context) {
  return context.lab.root / "build" / "backups" /
         fmt::format("{:%Y%m%d-%H%M%S}", fmt::localtime(std::time(nullptr)));
}

std::string DescribeReset(const Exercise& exercise, const std::vector<StarterFile>& files,
                          const std::vector<fs::path>& backups, const fs::path& root) {
  std::string text;
  for (const StarterFile& file : files) {
    const std::string path = fmt::format("exercises/{}/{}", exercise.id, file.file);
    if (!file.edited) {
      text += fmt::format("{} is already the starter: nothing to reset.\n", path);
      continue;
    }
    text += fmt::format("Reset {} to the starter.", path);
    const std::string suffix = "/" + exercise.id + "/" + file.file;
    for (const fs::path& backup : backups) {
      const std::string name = backup.string();
      if (name.size() >= suffix.size() &&
          name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
        text += fmt::format(" Your version is kept in {}.", fs::relative(backup, root).string());
      }
    }
    text += "\n";
  }
  return text;
}

int Reset(Context& context, const ResetOptions& options) {
  const Exercise& exercise = context.SelectOne(options.id);
  std::vector<StarterFile> files;
  try {
    files = ReadStarters(context.lab.root, exercise);
  } catch (const std::runtime_error& error) {
    throw UsageError(error.what());
  }
  std::string edited;
  for (const StarterFile& file : files) {
    if (file.edited) edited += fmt::format(" exercises/{}/{}", exercise.id, file.file);
  }
  if (edited.empty()) {
    std::cout << DescribeReset(exercise, files, {}, context.lab.root);
    return kAllPass;
  }
  if (!options.yes) {
    if (!StdinIsTerminal()) {
      throw UsageError("reset asks before it overwrites your work; add --yes to reset anyway");
    }
    std::cout << fmt::format("Reset{} to the starter? A copy of your version is kept. [y/N] ",
                             edited)
              << std::flush;
    std::string answer;
    std::getline(std::cin, answer);
    if (answer != "y" && answer != "Y" && answer != "yes") {
      std::cout << "Nothing was reset.\n";
      return kAllPass;
    }
  }
  const auto backups = RestoreStarters(context.lab.root, exercise, files, BackupDir(context));
  Progress progress = context.LoadProgress();
  progress.Record(exercise.id, false);  // the starter fails
  context.SaveProgress(progress);
  std::cout << DescribeReset(exercise, files, backups, context.lab.root);
  return kAllPass;
}

}  // namespace racelab::commands
