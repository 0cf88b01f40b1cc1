// What a report records to be replayed: the lab's commit, the compiler and the preset.
#include "formats/format.hpp"
#include "git.hpp"
#include "process.hpp"

namespace racelab {
namespace fs = std::filesystem;

Replay ReplayOf(const Lab& lab) {
  Replay replay{"unknown", RACELAB_COMPILER, lab.preset};
  // A packaged copy has no .git; `./lab package` writes the commit beside the sources instead.
  if (const std::string kept = ReadFile(lab.root / ".racelab-commit"); !kept.empty()) {
    replay.lab_commit = FirstWord(kept);
  } else if (const auto commit =
                 Git({"-C", lab.root.string(), "rev-parse", "--short=12", "HEAD"})) {
    replay.lab_commit = FirstWord(*commit);
  }
  const Protections& protections = AvailableProtections();
  if (!protections.subreaper) replay.missing_protections.push_back("subreaper");
  if (!protections.no_network) replay.missing_protections.push_back("no-network");
  return replay;
}

}  // namespace racelab
