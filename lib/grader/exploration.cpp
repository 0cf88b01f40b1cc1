#include "exploration.hpp"

#include <fmt/format.h>

#include <map>
#include <memory>
#include <regex>
#include <sstream>

#include "process.hpp"

namespace racelab {
namespace fs = std::filesystem;

bool HasScenario(const fs::path& root, const Exercise& exercise) {
  return fs::exists(root / "tests" / exercise.id / "scenario.cpp");
}

std::string ExploreTargetOf(const Exercise& exercise, const std::string& test_target) {
  std::string target = test_target;
  target.insert(exercise.id.size(), ".explore");
  return target;
}

std::string NotExplorable(const Exercise& exercise, const fs::path& dir) {
  static const std::regex include(R"(#\s*include\s*[<"](absl|tbb|oneapi)/)");
  for (const std::string& file : exercise.files) {
    std::smatch match;
    const std::string text = ReadFile(dir / file);
    if (std::regex_search(text, match, include)) {
      return match[1].str() == "absl" ? "uses Abseil" : "uses oneTBB";
    }
  }
  return "";
}

Symbols Symbolize(const fs::path& binary, const std::vector<std::uint64_t>& addresses,
                  const fs::path& scratch) {
  Symbols symbols;
  if (addresses.empty()) return symbols;
  Command command;
  command.argv = {"addr2line", "-e", binary.string(), "-f", "-i", "-C", "-a"};
  for (std::uint64_t address : addresses) command.argv.push_back(fmt::format("{:#x}", address));
  command.output = scratch;
  command.timeout_seconds = 30;
  if (!RunCommand(command).exited_ok()) return symbols;
  std::istringstream lines(ReadFile(scratch));
  std::string line, function;
  std::uint64_t current = 0;
  bool want_function = true;
  while (std::getline(lines, line)) {
    if (line.rfind("0x", 0) == 0 && want_function) {
      current = std::stoull(line, nullptr, 16);
      continue;
    }
    if (want_function) {
      function = line;
    } else {
      const auto colon = line.rfind(':');
      SourceFrame frame{function, line.substr(0, colon), 0};
      if (colon != std::string::npos) frame.line = std::atoi(line.c_str() + colon + 1);
      symbols[current].push_back(frame);
    }
    want_function = !want_function;
  }
  return symbols;
}

StoryInput StoryInputFor(const Exercise& exercise, const nlohmann::json& explored,
                         const fs::path& binary, const fs::path& scratch,
                         const std::string& replay_command) {
  StoryInput input;
  input.explored = explored;
  input.student_files = exercise.files;
  input.symbols = Symbolize(binary, AddressesToSymbolize(explored), scratch);
  auto cache = std::make_shared<std::map<std::string, std::vector<std::string>>>();
  input.source_line = [cache](const std::string& file, int line) -> std::string {
    auto found = cache->find(file);
    if (found == cache->end()) {
      std::vector<std::string> lines;
      std::istringstream text(ReadFile(file));
      for (std::string l; std::getline(text, l);) lines.push_back(l);
      found = cache->emplace(file, std::move(lines)).first;
    }
    return line >= 1 && line <= static_cast<int>(found->second.size()) ? found->second[line - 1]
                                                                       : "";
  };
  input.replay_command = replay_command;
  return input;
}

bool IsEvidence(const std::string& outcome) {
  return outcome == "wrong-result" || outcome == "deadlock" || outcome == "use-after-free" ||
         outcome == "double-free";
}

}  // namespace racelab
