#include "submission.hpp"

#include <set>

namespace racelab {
namespace fs = std::filesystem;

Staged StageSubmission(const fs::path& lab_root, const fs::path& submission,
                       const fs::path& staging, const std::vector<const Exercise*>& exercises,
                       const std::vector<Exercise>& all_exercises) {
  Staged staged;
  std::set<fs::path> editable;
  for (const Exercise& exercise : all_exercises) {
    for (const std::string& file : exercise.files) {
      editable.insert(fs::path("exercises") / exercise.id / file);
    }
  }

  fs::remove_all(staging / "exercises");
  for (const Exercise* exercise : exercises) {
    fs::create_directories(staging / "exercises" / exercise->id);
    for (const std::string& file : exercise->files) {
      const fs::path relative = fs::path("exercises") / exercise->id / file;
      fs::path from = submission / relative;
      if (!fs::is_regular_file(from)) {
        staged.missing.push_back(relative.string());
        from = lab_root / relative;
      }
      // A plain copy: a fresh modification time makes the build see the new file.
      fs::copy_file(from, staging / relative, fs::copy_options::overwrite_existing);
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
    if (!editable.count(relative)) staged.ignored.push_back(relative.string());
  }
  return staged;
}

}  // namespace racelab
