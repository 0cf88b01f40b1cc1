// Running git, for what the lab reads from its own history: starters as shipped, its commit, the
// files it is made of.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace racelab {

// Runs `git` with `args` and returns what it printed on standard output and error, or nullopt
// if it failed (or git is not installed).
std::optional<std::string> Git(const std::vector<std::string>& args);

// Git's output up to its first space or line end: a commit or blob id.
std::string FirstWord(const std::string& text);

}  // namespace racelab
