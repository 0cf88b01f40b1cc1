// JUnit XML, as GitLab's and GitHub Actions' test reporters read it: one <testsuite> "racelab",
// one <testcase> per exercise, a <failure> with the category and the full message when it fails.
#include <fmt/format.h>

#include "formats/format.hpp"

namespace racelab {
namespace {

// Text as XML character data or attribute value. Control characters other than tab and line
// ends are not allowed in XML 1.0 at all, so they are dropped.
std::string Xml(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        if (static_cast<unsigned char>(c) >= 0x20 || c == '\t' || c == '\n' || c == '\r') out += c;
    }
  }
  return out;
}

}  // namespace

std::string JunitFormat(const Report& report) {
  int failures = 0;
  for (const Result& result : report.results) failures += result.verdict.passed ? 0 : 1;
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format(
      "<testsuites name=\"racelab\" tests=\"{}\" failures=\"{}\" time=\"{:.3f}\">\n"
      "  <testsuite name=\"racelab\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"0\" "
      "time=\"{:.3f}\">\n",
      report.results.size(), failures, report.seconds, report.results.size(), failures,
      report.seconds);
  out += fmt::format(
      "    <properties>\n"
      "      <property name=\"lab_commit\" value=\"{}\"/>\n"
      "      <property name=\"compiler\" value=\"{}\"/>\n"
      "      <property name=\"preset\" value=\"{}\"/>\n"
      "    </properties>\n",
      Xml(report.replay.lab_commit), Xml(report.replay.compiler), Xml(report.replay.preset));
  for (const Result& result : report.results) {
    std::string attributes =
        fmt::format("classname=\"racelab.{}\" name=\"{}\" time=\"{:.3f}\"",
                    Xml(result.exercise->id), Xml(result.exercise->title), result.seconds);
    if (const auto line = FindStudentLine(result)) {
      attributes += fmt::format(" file=\"{}\" line=\"{}\"", Xml(line->file), line->line);
    }
    const std::string message = FullMessage(result);
    if (result.verdict.passed) {
      out += fmt::format("    <testcase {}", attributes);
      out += message.empty()
                 ? "/>\n"
                 : fmt::format(">\n      <system-out>{}</system-out>\n    </testcase>\n",
                               Xml(message));
      continue;
    }
    const std::string first_line = message.substr(0, message.find('\n'));
    out +=
        fmt::format("    <testcase {}>\n      <failure type=\"{}\" message=\"{}\">{}</failure>\n",
                    attributes, Xml(result.verdict.category), Xml(first_line), Xml(message));
    if (!result.seed.empty()) {
      out += fmt::format("      <system-err>replay: ./lab check {} --seed {}</system-err>\n",
                         Xml(result.exercise->number()), Xml(result.seed));
    }
    out += "    </testcase>\n";
  }
  out += "  </testsuite>\n</testsuites>\n";
  return out;
}

}  // namespace racelab
