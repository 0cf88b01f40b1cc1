// The table people read: one row per result, then the total.
#include <fmt/format.h>

#include "formats/format.hpp"
#include "terminal.hpp"

namespace racelab {

std::string Table(const std::vector<Result>& results, bool details) {
  std::size_t id_width = 2, title_width = 5;
  for (const Result& result : results) {
    id_width = std::max(id_width, RowId(result).size());
    title_width = std::max(title_width, result.exercise->title.size());
  }
  std::string out = fmt::format("  {:<{}}  {:<{}}  {:<7} {:<21} {:>6}\n", "id", id_width, "title",
                                title_width, "verdict", "category", "points");
  int score = 0, max_score = 0;
  for (const Result& result : results) {
    const bool pass = result.verdict.passed;
    out += fmt::format("  {:<{}}  {:<{}}  {} {:<21} {:>6}\n", RowId(result), id_width,
                       result.exercise->title, title_width,
                       pass ? Paint("pass   ", Style::kGreen) : Paint("FAIL   ", Style::kRed),
                       pass ? "" : result.verdict.category,
                       fmt::format("{}/{}", result.score, result.exercise->points));
    score += result.score;
    max_score += result.exercise->points;
  }
  out += fmt::format("  {:<{}}  {:>6}\n", "total", id_width + title_width + 32,
                     fmt::format("{}/{}", score, max_score));
  if (!details) return out;
  for (const Result& result : results) {
    const std::string message = FullMessage(result);
    if (message.empty()) continue;
    out += "\n" + Paint(fmt::format("{} · {}", RowId(result), VerdictWord(result)), Style::kBold) +
           "\n" + message;
  }
  return out;
}

std::string TableFormat(const Report& report) {
  std::string out = Table(report.results, /*details=*/false);
  bool all_passed = true;
  for (const Result& result : report.results) all_passed = all_passed && result.verdict.passed;
  if (!all_passed) out += "\nDetails of one exercise: ./lab check <id>\n";
  return out;
}

}  // namespace racelab
