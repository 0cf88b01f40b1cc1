#include "git.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>

#include "process.hpp"

namespace racelab {
namespace fs = std::filesystem;

std::optional<std::string> Git(const std::vector<std::string>& args) {
  const fs::path output = fs::temp_directory_path() / fmt::format("racelab-git.{}", getpid());
  Command command{{"git"}, output, 60};
  command.argv.insert(command.argv.end(), args.begin(), args.end());
  const bool ok = RunCommand(command).exited_ok();
  std::string text = ReadFile(output);
  std::error_code ignored;
  fs::remove(output, ignored);
  if (!ok) return std::nullopt;
  return text;
}

std::string FirstWord(const std::string& text) { return text.substr(0, text.find_first_of(" \n")); }

}  // namespace racelab
