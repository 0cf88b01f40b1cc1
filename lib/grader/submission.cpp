#include "submission.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>

namespace racelab {
namespace fs = std::filesystem;

Staged StageSubmission(const fs::path& submission, const fs::path& staging,
                       const std::vector<const Exercise*>& exercises,
                       const std::vector<Exercise>& all_exercises, long reader) {
  Staged staged;
  std::map<std::string, int> exercises_with_name;  // file name -> how many exercises have one
  std::set<fs::path> taken;                        // relative to `submission`
  for (const Exercise& exercise : all_exercises) {
    for (const std::string& file : exercise.files) ++exercises_with_name[file];
  }

  fs::remove_all(staging / "exercises");
  for (const Exercise* exercise : exercises) {
    fs::create_directories(staging / "exercises" / exercise->id);
    for (const std::string& file : exercise->files) {
      const fs::path relative = fs::path("exercises") / exercise->id / file;
      std::vector<fs::path> places = {relative, fs::path(exercise->id) / file};
      if (exercises_with_name[file] == 1) places.emplace_back(file);
      fs::path found;
      for (const fs::path& place : places) {
        if (fs::is_regular_file(submission / place)) {
          found = place;
          break;
        }
      }
      if (found.empty()) {
        staged.missing.push_back(relative.string());
        if (exercises_with_name[file] > 1 && fs::is_regular_file(submission / file)) {
          staged.ambiguous.push_back(file);
        }
        continue;
      }
      if (found != relative)
        staged.relocated.push_back(found.string() + " as " + relative.string());
      taken.insert(found);
      // A plain copy: a fresh modification time makes the build see the new file.
      fs::copy_file(submission / found, staging / relative, fs::copy_options::overwrite_existing);
    }
  }

  if (reader >= 0) {
    // Owned by the grader, readable by the group of the one test user (and no other user).
    const auto group = static_cast<gid_t>(reader);
    std::vector<fs::path> paths = {staging / "exercises"};
    for (const auto& entry : fs::recursive_directory_iterator(staging / "exercises")) {
      paths.push_back(entry.path());
    }
    for (const fs::path& path : paths) {
      const bool folder = fs::is_directory(path);
      if (chown(path.c_str(), 0, group) != 0) {
        throw std::runtime_error("cannot hand " + path.string() + " to the test user");
      }
      fs::permissions(
          path, folder ? fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec
                       : fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
    }
  }

  std::set<fs::path> editable;  // anywhere a file of any exercise could have come from
  for (const Exercise& exercise : all_exercises) {
    for (const std::string& file : exercise.files) {
      editable.insert(fs::path("exercises") / exercise.id / file);
      editable.insert(fs::path(exercise.id) / file);
      editable.insert(file);
    }
  }
  std::error_code error;
  for (auto it = fs::recursive_directory_iterator(submission, error);
       it != fs::recursive_directory_iterator(); it.increment(error)) {
    if (error) break;
    if (it->is_directory() && it->path().filename() == ".git") {
      it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file()) continue;
    const fs::path relative = fs::relative(it->path(), submission);
    if (!taken.count(relative) && !editable.count(relative)) {
      staged.ignored.push_back(relative.string());
    }
  }
  std::sort(staged.ambiguous.begin(), staged.ambiguous.end());
  staged.ambiguous.erase(std::unique(staged.ambiguous.begin(), staged.ambiguous.end()),
                         staged.ambiguous.end());
  return staged;
}

std::string ExpectedLayout(const std::vector<const Exercise*>& exercises) {
  std::string text = "a submission holds each exercise's file at exercises/<id>/<file>, e.g.:\n";
  for (std::size_t i = 0; i < exercises.size() && i < 3; ++i) {
    for (const std::string& file : exercises[i]->files) {
      text += fmt::format("  exercises/{}/{}\n", exercises[i]->id, file);
    }
  }
  if (exercises.size() > 3) text += "  ...\n";
  text +=
      "(<id>/<file> and, where no two exercises share a file name, <file> alone are "
      "accepted too)\n";
  return text;
}

}  // namespace racelab
