// The starters of an exercise (its student-editable files as the lab ships them), read back and
// put back for `./lab reset`.
//
// Each exercise.json records the git blob id of every editable file as shipped:
//   "starters": {"counter.hpp": "<blob id>"}
// and the starter is read from the checkout's git objects by that id. Not the version of the
// commit that added the file: the authors revise starters later (05's was). Not the version at
// HEAD: a student who commits their work (GitHub Classroom hands in by commit) would get their
// own work back. A blob id names the exact content, whoever committed what since; a unit test
// keeps every recorded id equal to the file in the lab.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "catalog.hpp"

namespace racelab {

// One student-editable file of an exercise, beside its starter.
struct StarterFile {
  std::string file;     // relative to exercises/<id>/
  std::string starter;  // the content as shipped
  bool edited = false;  // the file differs from the starter, or is missing
};

// The git blob id of the file at `file`, as `git hash-object` computes it; "" without `git`.
std::string GitBlobId(const std::filesystem::path& file);

// Reads the starter of each student-editable file of `exercise` from the git objects of the lab
// at `root`. Throws std::runtime_error saying why one cannot be read: exercise.json records no
// blob for it, the lab has no git history (a downloaded archive), or the history lacks the blob.
std::vector<StarterFile> ReadStarters(const std::filesystem::path& root, const Exercise& exercise);

// Writes the starter of each edited file of `files` into exercises/<id>/, first copying the
// student's version to `backup_dir`/<id>/<file>. Returns the copies made. Throws
// std::runtime_error if a file cannot be written; the copy of that file is made first.
std::vector<std::filesystem::path> RestoreStarters(const std::filesystem::path& root,
                                                   const Exercise& exercise,
                                                   const std::vector<StarterFile>& files,
                                                   const std::filesystem::path& backup_dir);

}  // namespace racelab
