#include "report.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <ostream>

namespace racelab {
namespace {

bool Colour() { return isatty(STDOUT_FILENO) != 0 && getenv("NO_COLOR") == nullptr; }

std::string Paint(const std::string& text, const char* code) {
  return Colour() ? fmt::format("\033[{}m{}\033[0m", code, text) : text;
}

std::string RowId(const Result& result) {
  std::string id = result.exercise->id;
  if (result.source.kind == Source::kSolution) id += ":" + result.source.variant;
  if (result.source.kind == Source::kWrongFix) id += ":wrong/" + result.source.variant;
  return id;
}

}  // namespace

std::string FullMessage(const Result& result) {
  if (result.verdict.passed) return "";
  std::string text = result.verdict.message;
  if (!text.empty() && text.back() != '\n') text += "\n";
  if (!result.verdict.also.empty()) {
    std::string also;
    for (const std::string& category : result.verdict.also) {
      also += (also.empty() ? "" : ", ") + category;
    }
    text += fmt::format("Also seen in this run: {}.\n", also);
  }
  if (!result.exercise->hints.empty() && result.source.kind == Source::kExercise) {
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
                       pass ? Paint("pass   ", "32") : Paint("FAIL   ", "31"),
                       pass ? "" : result.verdict.category,
                       fmt::format("{}/{}", result.score, result.exercise->points));
    score += result.score;
    max_score += result.exercise->points;
  }
  out << fmt::format("  {:<{}}  {:>6}\n", "total", id_width + title_width + 32,
                     fmt::format("{}/{}", score, max_score));
  if (!details) return;
  for (const Result& result : results) {
    if (result.verdict.passed) continue;
    out << "\n"
        << Paint(fmt::format("{} · {}", RowId(result), result.verdict.category), "1") << "\n"
        << FullMessage(result);
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
