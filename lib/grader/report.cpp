#include "report.hpp"

#include <fmt/format.h>

#include <ostream>

#include "terminal.hpp"

namespace racelab {
namespace {

std::string RowId(const Result& result) {
  std::string id = result.exercise->id;
  if (result.source.kind == Source::kSolution) id += ":" + result.source.variant;
  if (result.source.kind == Source::kWrongFix) id += ":wrong/" + result.source.variant;
  return id;
}

}  // namespace

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

void PrintTable(std::ostream& out, const std::vector<Result>& results, bool details) {
  std::size_t id_width = 2, title_width = 5;
  for (const Result& result : results) {
    id_width = std::max(id_width, RowId(result).size());
    title_width = std::max(title_width, result.exercise->title.size());
  }
  out << fmt::format("  {:<{}}  {:<{}}  {:<7} {:<21} {:>6}\n", "id", id_width, "title", title_width,
                     "verdict", "category", "points");
  int score = 0, max_score = 0;
  for (const Result& result : results) {
    const bool pass = result.verdict.passed;
    out << fmt::format("  {:<{}}  {:<{}}  {} {:<21} {:>6}\n", RowId(result), id_width,
                       result.exercise->title, title_width,
                       pass ? Paint("pass   ", Style::kGreen) : Paint("FAIL   ", Style::kRed),
                       pass ? "" : result.verdict.category,
                       fmt::format("{}/{}", result.score, result.exercise->points));
    score += result.score;
    max_score += result.exercise->points;
  }
  out << fmt::format("  {:<{}}  {:>6}\n", "total", id_width + title_width + 32,
                     fmt::format("{}/{}", score, max_score));
  if (!details) return;
  for (const Result& result : results) {
    const std::string message = FullMessage(result);
    if (message.empty()) continue;
    out << "\n"
        << Paint(fmt::format("{} · {}", RowId(result),
                             result.verdict.passed ? "pass" : result.verdict.category),
                 Style::kBold)
        << "\n"
        << message;
  }
}

nlohmann::ordered_json ToJson(const std::vector<Result>& results) {
  nlohmann::ordered_json exercises = nlohmann::ordered_json::array();
  int score = 0, max_score = 0;
  for (const Result& result : results) {
    exercises.push_back({
        {"id", RowId(result)},
        {"title", result.exercise->title},
        {"status", result.verdict.passed ? "pass" : "fail"},
        {"category", result.verdict.passed ? nlohmann::ordered_json(nullptr)
                                           : nlohmann::ordered_json(result.verdict.category)},
        {"score", result.score},
        {"max_score", result.exercise->points},
        {"message", FullMessage(result)},
    });
    score += result.score;
    max_score += result.exercise->points;
  }
  return {{"score", score}, {"max_score", max_score}, {"exercises", exercises}};
}

}  // namespace racelab
