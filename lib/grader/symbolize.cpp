#include "symbolize.hpp"

#include <unistd.h>

#include <map>
#include <regex>
#include <sstream>

#include "process.hpp"

namespace racelab {

std::string SymbolizeUnknownFrames(const std::string& output, const std::filesystem::path& binary,
                                   const std::filesystem::path& scratch_dir) {
  const std::string module = binary.filename().string();
  static const std::regex unknown(R"(^(\s+#\d+ ).+ <null> \(([^+()]+)\+(0x[0-9a-f]+)\)(.*)$)");

  // The offsets to look up.
  std::vector<std::string> offsets;
  std::istringstream lines(output);
  std::smatch match;
  for (std::string line; std::getline(lines, line);) {
    if (std::regex_match(line, match, unknown) && match[2].str() == module) {
      offsets.push_back(match[3].str());
    }
  }
  if (offsets.empty()) return output;

  // `addr2line -a -i -f -C`: per address, the address, then (function, file:line) pairs from
  // the innermost inlined frame outwards. Each becomes a frame of its own, innermost first, as
  // llvm-symbolizer prints them: the student's line may be a few inlined calls out.
  const std::filesystem::path answer =
      scratch_dir / (module + "." + std::to_string(getpid()) + ".addr2line");
  Command command{{"addr2line", "-a", "-i", "-f", "-C", "-e", binary.string()}, answer, 30};
  command.argv.insert(command.argv.end(), offsets.begin(), offsets.end());
  if (!RunCommand(command).exited_ok()) return output;
  std::map<unsigned long, std::vector<std::pair<std::string, std::string>>> inlined;
  std::istringstream answers(ReadFile(answer));
  std::filesystem::remove(answer);
  unsigned long address = 0;
  bool in_address = false;  // reading the (function, file:line) pairs of `address`
  for (std::string line; std::getline(answers, line);) {
    if (line.rfind("0x", 0) == 0) {
      address = std::stoul(line, nullptr, 16);
      in_address = true;
    } else if (in_address) {
      std::string location;
      std::getline(answers, location);
      if (location.rfind("??", 0) != 0) inlined[address].emplace_back(line, location);
    }
  }

  std::string result;
  std::istringstream again(output);
  for (std::string line; std::getline(again, line);) {
    if (std::regex_match(line, match, unknown) && match[2].str() == module) {
      const auto found = inlined.find(std::stoul(match[3].str(), nullptr, 16));
      if (found != inlined.end()) {
        for (const auto& [function, file_line] : found->second) {
          // "file:line (discriminator 2)" -> "file:line"
          const std::string location = file_line.substr(0, file_line.find(' '));
          result += match[1].str() + function + " " + location + " (" + match[2].str() + "+" +
                    match[3].str() + ")" + match[4].str() + "\n";
        }
        continue;
      }
    }
    result += line + "\n";
  }
  return result;
}

}  // namespace racelab
