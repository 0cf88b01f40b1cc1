#include "projector.hpp"

#include <sstream>
#include <vector>

namespace racelab {
namespace {

bool StartsCharacter(char byte) { return (static_cast<unsigned char>(byte) & 0xC0) != 0x80; }

// The words of `text` between spaces; the spaces inside a `code span` do not split it.
std::vector<std::string> Words(const std::string& text) {
  std::vector<std::string> words;
  std::string word;
  bool in_code = false;
  for (const char c : text) {
    if (c == ' ' && !in_code) {
      if (!word.empty()) words.push_back(std::move(word));
      word.clear();
      continue;
    }
    if (c == '`') in_code = !in_code;
    word += c;
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

std::string WrapLine(const std::string& line, std::size_t columns) {
  if (Columns(line) <= columns) return line + "\n";
  const std::string indent = line.substr(0, line.find_first_not_of(' '));
  std::string out, current;
  for (const std::string& word : Words(line.substr(indent.size()))) {
    if (!current.empty() && Columns(indent + current + " " + word) > columns) {
      out += indent + current + "\n";
      current.clear();
    }
    current += (current.empty() ? "" : " ") + word;
  }
  return out + indent + current + "\n";
}

}  // namespace

std::size_t Columns(const std::string& text) {
  std::size_t columns = 0;
  for (const char byte : text) columns += StartsCharacter(byte);
  return columns;
}

std::string Wrap(const std::string& text, std::size_t columns) {
  std::istringstream lines(text);
  std::string out;
  for (std::string line; std::getline(lines, line);) out += WrapLine(line, columns);
  // The text's last line keeps its lack of a newline.
  if (!text.empty() && text.back() != '\n' && !out.empty()) out.pop_back();
  return out;
}

std::string Cut(const std::string& line, std::size_t columns) {
  if (Columns(line) <= columns || columns == 0) return line;
  std::string cut;
  std::size_t taken = 0;
  for (const char byte : line) {
    if (StartsCharacter(byte) && ++taken == columns) break;
    cut += byte;
  }
  return cut + "…";
}

std::string Excerpt(const std::string& code, const std::string& first) {
  std::istringstream lines(code);
  std::string excerpt, line;
  while (std::getline(lines, line) && line.find(first) == std::string::npos) {
  }
  if (line.find(first) == std::string::npos) return "";
  const std::size_t indent = line.find_first_not_of(' ');
  const auto opens = [](const std::string& text) {
    const auto last = text.find_last_not_of(' ');
    return last != std::string::npos && text[last] == '{';
  };
  const bool block = opens(line);
  do {
    excerpt += (line.size() > indent ? line.substr(indent) : "") + "\n";
    const std::string rest = line.size() > indent ? line.substr(indent) : "";
    if (!block || rest == "}" || rest == "};") break;
  } while (std::getline(lines, line));
  return excerpt;
}

}  // namespace racelab
