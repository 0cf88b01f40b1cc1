// Markdown for a CI job's summary ($GITHUB_STEP_SUMMARY): a table, then each failure's message
// folded under its name. GitHub takes at most 1 MiB of summary per step, so messages are cut
// well before that, saying so.
#include <fmt/format.h>

#include "formats/format.hpp"

namespace racelab {
namespace {

constexpr std::size_t kMaxBytes = 1000 * 1000;  // under GitHub's 1 MiB, with room to spare
constexpr std::size_t kMaxMessageBytes = 16 * 1024;

// A table cell: pipes escaped, on one line.
std::string Cell(std::string text) {
  for (std::size_t at = 0; (at = text.find_first_of("|\n", at)) != std::string::npos;) {
    text.replace(at, 1, text[at] == '|' ? "\\|" : " ");
    at += 2;
  }
  return text;
}

}  // namespace

std::string MarkdownFormat(const Report& report) {
  std::string out = fmt::format("## racelab: {}/{} points\n\n", report.score(), report.max_score());
  out += "| exercise | title | verdict | points |\n|---|---|---|---:|\n";
  for (const Result& result : report.results) {
    out += fmt::format("| `{}` | {} | {} | {}/{} |\n", RowId(result), Cell(result.exercise->title),
                       result.verdict.passed ? "✅ pass" : "❌ " + result.verdict.category,
                       result.score, result.exercise->points);
  }
  std::string details;
  for (const Result& result : report.results) {
    std::string message = FullMessage(result);
    if (message.empty()) continue;
    if (message.size() > kMaxMessageBytes) {
      message.resize(kMaxMessageBytes);
      message += "\n[cut: ./lab check " + result.exercise->number() + " shows it all]\n";
    }
    std::string part = fmt::format(
        "\n<details><summary><code>{}</code>: {}</summary>\n\n````text\n{}````\n\n</details>\n",
        RowId(result), VerdictWord(result), message);
    if (out.size() + details.size() + part.size() > kMaxBytes) {
      details += "\n(more messages cut to keep this summary under GitHub's size limit)\n";
      break;
    }
    details += part;
  }
  out += details;
  out += fmt::format("\n<sub>racelab {} · {} · preset {}</sub>\n", report.replay.lab_commit,
                     report.replay.compiler, report.replay.preset);
  return out;
}

}  // namespace racelab
