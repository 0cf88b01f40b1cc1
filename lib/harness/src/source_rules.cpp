#include "racelab/source_rules.hpp"

#include <gtest/gtest.h>

#include <cctype>
#include <fstream>
#include <sstream>

#include "racelab/category.hpp"

namespace racelab {
namespace {

bool IsIdentifierStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool IsIdentifierPart(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

std::string BaseName(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

SourceFile SourceFile::Read(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    ADD_FAILURE() << "racelab: cannot read " << path;
    return FromText(BaseName(path), "");
  }
  std::stringstream text;
  text << in.rdbuf();
  return FromText(BaseName(path), text.str());
}

SourceFile SourceFile::FromText(std::string name, std::string_view text) {
  SourceFile file;
  file.name_ = std::move(name);
  int line = 1;
  bool line_start = true;  // only blanks so far on this line
  std::size_t i = 0;
  const auto at = [&](std::size_t k) { return k < text.size() ? text[k] : '\0'; };
  while (i < text.size()) {
    const char c = text[i];
    if (c == '\n') {
      ++line;
      line_start = true;
      ++i;
    } else if (c == '/' && at(i + 1) == '/') {
      while (i < text.size() && text[i] != '\n') ++i;
    } else if (c == '/' && at(i + 1) == '*') {
      i += 2;
      while (i < text.size() && !(text[i] == '*' && at(i + 1) == '/')) line += text[i++] == '\n';
      i += 2;
    } else if (c == '"' || c == '\'') {
      // A raw string R"(...)" is not special-cased: its delimiters are enough for this reader.
      ++i;
      while (i < text.size() && text[i] != c && text[i] != '\n') i += text[i] == '\\' ? 2 : 1;
      ++i;
      line_start = false;
    } else if (c == '#' && line_start) {
      // A directive. #include names a header, not what the code uses: skip the line. Remember
      // a #define that has a body.
      std::size_t end = i;
      while (end < text.size() && text[end] != '\n') ++end;
      std::istringstream directive(std::string(text.substr(i + 1, end - i - 1)));
      std::string keyword, macro, body;
      directive >> keyword >> macro;
      std::getline(directive, body);
      if (keyword == "define" && body.find_first_not_of(" \t\r") != std::string::npos &&
          file.macro_line_ == 0) {
        file.macro_line_ = line;
      }
      if (keyword == "include") {
        i = end;
      } else {
        line_start = false;
        ++i;
      }
    } else if (IsIdentifierStart(c)) {
      std::size_t end = i;
      while (end < text.size() && IsIdentifierPart(text[end])) ++end;
      file.identifiers_.push_back({std::string(text.substr(i, end - i)), line});
      i = end;
      line_start = false;
    } else {
      if (c != ' ' && c != '\t' && c != '\r') line_start = false;
      ++i;
    }
  }
  return file;
}

int SourceFile::LineOf(std::string_view identifier) const {
  for (const Token& token : identifiers_) {
    if (token.text == identifier) return token.line;
  }
  return 0;
}

void ExpectNoneUsed(const SourceFile& file, std::initializer_list<std::string_view> forbidden,
                    std::string_view why) {
  if (file.MacroLine() != 0) {
    ADD_FAILURE() << kConstraint << file.name() << ":" << file.MacroLine()
                  << ": no #define with a body in this file: a macro could hide what the "
                     "rules check. "
                  << why;
  }
  for (std::string_view name : forbidden) {
    if (const int line = file.LineOf(name); line != 0) {
      ADD_FAILURE() << kConstraint << file.name() << ":" << line << ": `" << name
                    << "` is not allowed here. " << why;
    }
  }
}

void ExpectOneUsed(const SourceFile& file, std::initializer_list<std::string_view> required,
                   std::string_view why) {
  for (std::string_view name : required) {
    if (file.LineOf(name) != 0) return;
  }
  std::string names;
  for (std::string_view name : required)
    names += (names.empty() ? "`" : ", `") + std::string(name) + "`";
  ADD_FAILURE() << kConstraint << file.name() << " uses none of " << names << ". " << why;
}

}  // namespace racelab
