// `./lab package starter --output DIR`: the students' copy of the lab. Everything a student needs
// (exercises as shipped, tests, harness, grader, docs, the lab script), without the reference
// solutions and the kept wrong fixes. Ready to be a GitHub Classroom template repository:
// `./lab grade` works there unchanged; `./lab test` says it needs the instructors' copy.
#include <fmt/format.h>

#include <fstream>
#include <iostream>

#include "commands/commands.hpp"
#include "git.hpp"

namespace racelab::commands {
namespace fs = std::filesystem;
namespace {

// The files git tracks in the lab at `root`, relative to it. Throws UsageError outside a clone:
// what belongs to the lab is what its repository holds, never build trees or a student's notes.
std::vector<std::string> TrackedFiles(const fs::path& root) {
  const auto text = Git({"-C", root.string(), "ls-files"});
  if (!text) {
    throw UsageError(
        "packaging needs the instructors' copy cloned with git (git ls-files "
        "lists what belongs to the lab)");
  }
  std::vector<std::string> files;
  for (std::size_t at = 0, end; at < text->size(); at = end + 1) {
    end = text->find('\n', at);
    if (end == std::string::npos) end = text->size();
    if (end > at) files.push_back(text->substr(at, end - at));
  }
  return files;
}

// What stays out of the students' copy: the answers, and the lab's own CI (it runs `./lab test`,
// which needs the answers).
bool LeftOut(const std::string& file) {
  for (const char* folder : {"solutions/", ".ci/", ".github/"}) {
    if (file.rfind(folder, 0) == 0) return true;
  }
  // tests/<id>/wrong/<name>/...: a kept wrong fix names what is wrong with it
  const auto wrong = file.find("/wrong/");
  return file.rfind("tests/", 0) == 0 && wrong != std::string::npos && file.find('/', 6) == wrong;
}

}  // namespace

CopyCounts WriteStudentCopy(Context& context, const fs::path& out) {
  const fs::path& root = context.lab.root;
  // Each exercise's editable files as shipped, read back from git by their blob ids: the
  // instructors' own exercises/ may hold their solutions.
  std::map<std::string, std::string> starters;  // "exercises/<id>/<file>" -> content
  for (const Exercise& exercise : context.catalog.exercises()) {
    for (const StarterFile& starter : ReadStarters(root, exercise)) {
      starters["exercises/" + exercise.id + "/" + starter.file] = starter.starter;
    }
  }
  CopyCounts counts;
  for (const std::string& file : TrackedFiles(root)) {
    if (LeftOut(file)) {
      ++counts.left_out;
      continue;
    }
    const fs::path to = out / file;
    fs::create_directories(to.parent_path());
    if (const auto starter = starters.find(file); starter != starters.end()) {
      std::ofstream(to, std::ios::binary) << starter->second;
    } else if (fs::is_symlink(root / file)) {
      fs::copy_symlink(root / file, to);
    } else if (fs::exists(root / file)) {
      fs::copy_file(root / file, to);  // keeps the permissions: ./lab stays executable
    }
    ++counts.copied;
  }
  counts.commit = FirstWord(Git({"-C", root.string(), "rev-parse", "HEAD"}).value_or(""));
  std::ofstream(out / ".racelab-commit") << counts.commit << "\n";
  return counts;
}

int PackageStarter(Context& context, const PackageOptions& options) {
  const fs::path out = options.output;
  if (fs::exists(out) && !fs::is_empty(out)) {
    throw UsageError(fmt::format("{} exists and is not empty; name a new folder", out.string()));
  }
  const CopyCounts counts = WriteStudentCopy(context, out);
  std::cout << fmt::format(
      "racelab: wrote the students' copy to {}: {} files, without {} files (solutions, wrong "
      "fixes, the lab's own CI); the starters as shipped (lab commit {}).\n"
      "To hand it out on GitHub Classroom: git init it, commit, push it to a new repository and "
      "mark that repository as a template.\n",
      out.string(), counts.copied, counts.left_out, counts.commit.substr(0, 12));
  return kAllPass;
}

}  // namespace racelab::commands
