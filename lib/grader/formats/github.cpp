// GitHub Actions workflow commands: one `::error` per failing exercise, at the student's line
// when the verdict names one, so that the race shows in the pull request's diff where it
// happens; one `::notice` for the total. Messages are escaped as the runner expects
// (%, CR and LF in the message; also : and , in property values).
#include <fmt/format.h>

#include "formats/format.hpp"

namespace racelab {
namespace {

std::string EscapeData(const std::string& text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '%':
        out += "%25";
        break;
      case '\r':
        out += "%0D";
        break;
      case '\n':
        out += "%0A";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string EscapeProperty(const std::string& text) {
  std::string out;
  for (const char c : EscapeData(text)) {
    switch (c) {
      case ':':
        out += "%3A";
        break;
      case ',':
        out += "%2C";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace

std::string GithubFormat(const Report& report) {
  std::string out;
  for (const Result& result : report.results) {
    if (result.verdict.passed) continue;
    std::string properties;
    if (const auto line = FindStudentLine(result)) {
      properties = fmt::format("file={},line={},", EscapeProperty(line->file), line->line);
    }
    properties +=
        "title=" + EscapeProperty(fmt::format("{}: {}", RowId(result), result.verdict.category));
    std::string message = FullMessage(result);
    while (!message.empty() && message.back() == '\n') message.pop_back();
    out += fmt::format("::error {}::{}\n", properties, EscapeData(message));
  }
  out += fmt::format("::notice title=racelab::{}/{} points ({} with {})\n", report.score(),
                     report.max_score(), EscapeData(report.replay.lab_commit),
                     EscapeData(report.replay.compiler));
  return out;
}

}  // namespace racelab
