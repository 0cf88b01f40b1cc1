// What every format shares: row ids, the full message of a result, and the line it points at.
#include <fmt/format.h>

#include <regex>

#include "formats/format.hpp"

namespace racelab {

int Report::score() const {
  int total = 0;
  for (const Result& result : results) total += result.score;
  return total;
}

int Report::max_score() const {
  int total = 0;
  for (const Result& result : results) total += result.exercise->points;
  return total;
}

std::string RowId(const Result& result) {
  std::string id = result.exercise->id;
  if (result.source.kind == Source::kSolution) id += ":" + result.source.variant;
  if (result.source.kind == Source::kWrongFix) id += ":wrong/" + result.source.variant;
  return id;
}

std::string VerdictWord(const Result& result) {
  return result.verdict.passed ? "pass" : result.verdict.category;
}

std::string FullMessage(const Result& result) {
  std::string text;
  if (!result.verdict.passed) {
    text = result.verdict.message;
    if (!text.empty() && text.back() != '\n') text += "\n";
  }
  // What else went wrong, each in a line or two: a name alone would be a dead end. The findings
  // come sorted by category; a few of each, then how many more.
  constexpr int kShownPerCategory = 2;
  const auto& also = result.verdict.also;
  if (!also.empty()) text += "Also seen in this run:\n";
  for (std::size_t i = 0; i < also.size();) {
    std::size_t end = i;
    while (end < also.size() && also[end].category == also[i].category) ++end;
    for (std::size_t j = i; j < end && j < i + kShownPerCategory; ++j) {
      std::string brief = also[j].brief;
      for (auto at = brief.find('\n'); at != std::string::npos; at = brief.find('\n', at + 1)) {
        brief.insert(at + 1, "      ");
      }
      text += fmt::format("  - {}: {}\n", also[j].category, brief);
    }
    if (end - i > kShownPerCategory) {
      text += fmt::format("  - {} more {} finding{}\n", end - i - kShownPerCategory,
                          also[i].category, end - i - kShownPerCategory == 1 ? "" : "s");
    }
    i = end;
  }
  if (!result.warnings.empty()) {
    text += "Clang's thread-safety analysis warns about your code:\n" + result.warnings;
  }
  if (!result.verdict.passed && !result.exercise->hints.empty() &&
      result.source.kind == Source::kExercise) {
    text += fmt::format("Stuck? ./lab hint {}\n", result.exercise->number());
  }
  return text;
}

std::optional<StudentLine> FindStudentLine(const Result& result) {
  const std::string text = result.verdict.message + "\n" + result.warnings;
  for (const std::string& file : result.exercise->files) {
    const std::regex at("(?:^|[\\s/(`])" + std::regex_replace(file, std::regex(R"([.])"), R"(\.)") +
                        R"(:(\d+))");
    std::smatch match;
    if (std::regex_search(text, match, at)) {
      return StudentLine{"exercises/" + result.exercise->id + "/" + file, std::stoi(match[1])};
    }
  }
  return std::nullopt;
}

const std::map<std::string, Format>& Formats() {
  static const std::map<std::string, Format> formats = {
      {"table", TableFormat},           {"json", JsonFormat},
      {"gradescope", GradescopeFormat}, {"junit", JunitFormat},
      {"markdown", MarkdownFormat},     {"github", GithubFormat},
      {"classroom", ClassroomFormat},
  };
  return formats;
}

}  // namespace racelab
