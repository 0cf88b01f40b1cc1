// What a report records to be replayed: the lab's commit, the compiler and the preset.
#include <fmt/format.h>
#include <unistd.h>

#include "formats/format.hpp"
#include "process.hpp"

namespace racelab {
namespace fs = std::filesystem;

Replay ReplayOf(const Lab& lab) {
  Replay replay{"unknown", RACELAB_COMPILER, lab.preset};
  // A packaged copy has no .git; `./lab package` writes the commit beside the sources instead.
  if (const std::string kept = ReadFile(lab.root / ".racelab-commit"); !kept.empty()) {
    replay.lab_commit = kept.substr(0, kept.find_first_of(" \n"));
  } else if (fs::exists(lab.root / ".git")) {
    const fs::path output = fs::temp_directory_path() / fmt::format("racelab-rev.{}", getpid());
    if (RunCommand(
            {{"git", "-C", lab.root.string(), "rev-parse", "--short=12", "HEAD"}, output, 30})
            .exited_ok()) {
      const std::string commit = ReadFile(output);
      replay.lab_commit = commit.substr(0, commit.find_first_of(" \n"));
    }
    std::error_code ignored;
    fs::remove(output, ignored);
  }
  return replay;
}

}  // namespace racelab
