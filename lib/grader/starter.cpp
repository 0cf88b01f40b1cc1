#include "starter.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <fstream>
#include <stdexcept>

#include "git.hpp"
#include "process.hpp"

namespace racelab {
namespace fs = std::filesystem;
namespace {

void WriteFile(const fs::path& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

}  // namespace

std::string GitBlobId(const fs::path& file) {
  const auto id = Git({"hash-object", "--", file.string()});
  return id ? FirstWord(*id) : "";
}

std::vector<StarterFile> ReadStarters(const fs::path& root, const Exercise& exercise) {
  std::vector<StarterFile> starters;
  for (const std::string& file : exercise.files) {
    const std::string where = "exercises/" + exercise.id + "/" + file;
    const auto blob = exercise.starters.find(file);
    if (blob == exercise.starters.end()) {
      throw std::runtime_error(
          fmt::format("exercises/{}/exercise.json records no starter for {}, so it cannot be reset",
                      exercise.id, file));
    }
    const auto content = Git({"-C", root.string(), "cat-file", "blob", blob->second});
    if (!content) {
      std::error_code error;
      if (!fs::exists(root / ".git", error)) {
        throw std::runtime_error(fmt::format(
            "this copy of the lab has no git history (it was not cloned with git), so the "
            "starter of {} cannot be read back. Take the file from the lab's repository instead",
            where));
      }
      throw std::runtime_error(fmt::format(
          "the starter of {} (git blob {}) is not in this checkout's git history. Take the "
          "file from the lab's repository instead",
          where, blob->second.substr(0, 12)));
    }
    StarterFile starter{file, *content, true};
    const fs::path path = root / "exercises" / exercise.id / file;
    if (fs::exists(path)) starter.edited = ReadFile(path) != starter.starter;
    starters.push_back(std::move(starter));
  }
  return starters;
}

std::vector<fs::path> RestoreStarters(const fs::path& root, const Exercise& exercise,
                                      const std::vector<StarterFile>& files,
                                      const fs::path& backup_dir) {
  std::vector<fs::path> backups;
  for (const StarterFile& file : files) {
    if (!file.edited) continue;
    const fs::path path = root / "exercises" / exercise.id / file.file;
    if (fs::exists(path)) {
      const fs::path backup = backup_dir / exercise.id / file.file;
      fs::create_directories(backup.parent_path());
      fs::copy_file(path, backup, fs::copy_options::overwrite_existing);
      backups.push_back(backup);
    }
    WriteFile(path, file.starter);
  }
  return backups;
}

}  // namespace racelab
