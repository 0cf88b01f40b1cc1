// What a report records to be replayed and trusted: the lab's commit, the compiler, the preset,
// the digests of the lab files that graded, and the protections this machine lacked.
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>

#include "formats/format.hpp"
#include "git.hpp"
#include "process.hpp"

namespace racelab {
namespace fs = std::filesystem;
namespace {

// The files of one part of the lab, relative to its root, in name order.
std::vector<std::string> PartFiles(const fs::path& root, const std::vector<std::string>& paths) {
  std::vector<std::string> files;
  for (const std::string& path : paths) {
    std::error_code error;
    if (fs::is_regular_file(root / path, error)) {
      files.push_back(path);
      continue;
    }
    for (fs::recursive_directory_iterator it(root / path, error), end; !error && it != end;
         it.increment(error)) {
      if (it->is_regular_file()) files.push_back(fs::relative(it->path(), root).string());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

// sha256sum's digest of what sha256sum prints for `files`: one line per file, so that a changed,
// added or removed file changes it. "" if sha256sum is not there.
std::string DigestOf(const Lab& lab, const std::vector<std::string>& files) {
  // Named by this process: graders side by side (`-j N`) digest at the same time.
  const fs::path listing = lab.build_dir / fmt::format("lab-files.{}.sha256", getpid());
  const fs::path digest = lab.build_dir / fmt::format("lab-files.{}.digest", getpid());
  struct Cleanup {
    fs::path a, b;
    ~Cleanup() {
      std::error_code ignored;
      fs::remove(a, ignored);
      fs::remove(b, ignored);
    }
  } cleanup{listing, digest};
  Command each{{"sha256sum", "--"}, listing, 60};
  each.argv.insert(each.argv.end(), files.begin(), files.end());
  each.working_dir = lab.root;
  if (files.empty() || !RunCommand(each).exited_ok()) return "";
  Command all{{"sha256sum", listing.string()}, digest, 60};
  if (!RunCommand(all).exited_ok()) return "";
  return FirstWord(ReadFile(digest));
}

}  // namespace

Replay ReplayOf(const Lab& lab, bool class_mode) {
  Replay replay{"unknown", RACELAB_COMPILER, lab.preset};
  // A packaged copy has no .git; `./lab package` writes the commit beside the sources instead.
  if (const std::string kept = ReadFile(lab.root / ".racelab-commit"); !kept.empty()) {
    replay.lab_commit = FirstWord(kept).substr(0, 12);
  } else if (const auto commit =
                 Git({"-C", lab.root.string(), "rev-parse", "--short=12", "HEAD"})) {
    replay.lab_commit = FirstWord(*commit);
  }
  const Protections& protections = AvailableProtections();
  if (!protections.subreaper) replay.missing_protections.push_back("subreaper");
  if (!protections.no_network) replay.missing_protections.push_back("no-network");
  if (!protections.separate_user) replay.missing_protections.push_back("separate-user");
  if (class_mode && !(protections.hidden_folders && protections.separate_user)) {
    replay.missing_protections.push_back("hidden-submissions");
  }
  if (!lab.extra_tests.empty() && !protections.hidden_folders) {
    replay.missing_protections.push_back("hidden-extra-tests");
  }
  const std::map<std::string, std::vector<std::string>> parts = {
      {"tests", {"tests"}},
      {"harness", {"lib/harness"}},
      {"grader", {"lib/grader"}},
      {"build", {"cmake", "CMakeLists.txt", "CMakePresets.json", "lab"}}};
  for (const auto& [part, paths] : parts) {
    replay.lab_files[part] = DigestOf(lab, PartFiles(lab.root, paths));
  }
  return replay;
}

}  // namespace racelab
