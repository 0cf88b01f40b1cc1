#include "compiler_output.hpp"

#include <fmt/format.h>

#include <regex>
#include <set>
#include <sstream>

#include "sanitizer_report.hpp"

namespace racelab {
namespace {

// "/lab/exercises/01/counter.hpp:14:5: error: ..." and notes, from GCC or Clang.
const std::regex& DiagnosticLine() {
  static const std::regex line(
      R"(^([^ :][^:]*):(\d+):(?:\d+:)? (fatal error|error|warning|note): (.*)$)");
  return line;
}

// Lines that lead up to a diagnostic: the include chain, the function or template instantiation
// it is in, and GCC's "required from here".
bool IsContext(const std::string& line) {
  static const std::regex context(
      R"(^In file included from |^\s+from |^[^ :]+: In |^[^ :]+: At |)"
      R"(^[^ :]+:\d+:\d+:\s+(?:required|recursively required|in requirements|required by))");
  return std::regex_search(line, context);
}

// The include chain says which file included which: noise for a student.
bool IsIncludeChain(const std::string& line) {
  return line.rfind("In file included from ", 0) == 0 ||
         std::regex_search(line, std::regex(R"(^\s+from \S+:\d+[,:]$)"));
}

// A source excerpt under a diagnostic: GCC's "   14 |   code", "      |   ^~~", "  +++ |+x",
// or Clang's indented code and caret lines.
bool IsExcerpt(const std::string& line) { return !line.empty() && line[0] == ' '; }

// `line` as a student reads it: paths relative to the lab ("exercises/01-counter-mutex/
// counter.hpp", also for a staged submission), "/usr/bin/../include/x" as "/usr/include/x".
std::string Relative(std::string line, const std::filesystem::path& root) {
  static const std::regex dotted(R"(/[^\s:'"]*/\.\./[^\s:'"]*)");
  std::string normal;
  auto begin = line.cbegin();
  for (std::smatch match; std::regex_search(begin, line.cend(), match, dotted);) {
    normal += match.prefix().str();
    normal += std::filesystem::path(match.str()).lexically_normal().string();
    begin = match.suffix().first;
  }
  normal.append(begin, line.cend());
  line = normal;
  const std::string prefix = root.string() + "/";
  for (auto at = line.find(prefix); at != std::string::npos; at = line.find(prefix, at)) {
    line.erase(at, prefix.size());
  }
  static const std::regex staged(R"(\bbuild/[^/\s]+/submission/(exercises/))");
  return std::regex_replace(line, staged, "$1");
}

// The first place in `diagnostic` that is in a student's file, as "file:line"; "" if none.
std::string StudentPlace(const Diagnostic& diagnostic, int* line_number) {
  static const std::regex place(R"(^([^ :][^:]*):(\d+):\d+:)");
  if (IsStudentFile(diagnostic.file)) {
    *line_number = diagnostic.line;
    return diagnostic.file;
  }
  std::smatch match;
  for (const std::string& line : diagnostic.lines) {
    if (std::regex_search(line, match, place) && IsStudentFile(match[1].str())) {
      *line_number = std::stoi(match[2].str());
      return match[1].str();
    }
  }
  return "";
}

// The block's lines as a student reads them: without the include chain, paths relative.
std::string Shown(const Diagnostic& diagnostic, const std::filesystem::path& root, int max_lines) {
  std::string text;
  int shown = 0;
  for (const std::string& line : diagnostic.lines) {
    if (IsIncludeChain(line)) continue;
    if (shown++ == max_lines) {
      text += "  ...\n";
      break;
    }
    text += "  " + Relative(line, root) + "\n";
  }
  return text;
}

}  // namespace

std::vector<Diagnostic> ParseDiagnostics(const std::string& output) {
  std::vector<Diagnostic> diagnostics;
  std::vector<std::string> context;  // lines since the last block, waiting for their diagnostic
  bool open = false;                 // the last diagnostic still takes excerpt and note lines
  std::istringstream lines(output);
  std::smatch match;
  for (std::string line; std::getline(lines, line);) {
    if (std::regex_match(line, match, DiagnosticLine())) {
      const std::string severity = match[3].str();
      if (severity == "note" && open) {
        auto& block = diagnostics.back().lines;
        block.insert(block.end(), context.begin(), context.end());
        block.push_back(line);
      } else if (severity != "note") {
        Diagnostic diagnostic{severity == "fatal error" ? "error" : severity, match[1].str(),
                              std::stoi(match[2].str()), match[4].str(), context};
        diagnostic.lines.push_back(line);
        diagnostics.push_back(std::move(diagnostic));
        open = true;
      }
      context.clear();
    } else if (IsContext(line)) {
      context.push_back(line);
    } else if (IsExcerpt(line) && open && context.empty()) {
      diagnostics.back().lines.push_back(line);
    } else {
      open = false;
      context.clear();
    }
  }
  return diagnostics;
}

std::map<std::string, std::string> OutputByTarget(const std::string& ninja_output) {
  static const std::regex step(R"(^\[\d+/\d+\] .*CMakeFiles/([^/ ]+)\.dir/)");
  std::map<std::string, std::string> outputs;
  std::string* current = nullptr;
  std::istringstream lines(ninja_output);
  std::smatch match;
  for (std::string line; std::getline(lines, line);) {
    if (std::regex_search(line, match, step)) {
      current = &outputs[match[1].str()];
    } else if (line.rfind("[", 0) == 0 && std::regex_search(line, std::regex(R"(^\[\d+/\d+\] )"))) {
      current = nullptr;  // a step of no target (re-checking globs, running CMake)
    } else if (current != nullptr) {
      *current += line + "\n";
    }
  }
  return outputs;
}

std::string WithoutStepsCompiling(const std::string& ninja_output,
                                  const std::filesystem::path& folder, std::string* removed) {
  // A step's output starts at its "[3/8] Building ..." or "FAILED: ..." line, and its command
  // line (the one after "FAILED:") says what it compiled: "-c <file>".
  static const std::regex start(R"(^(\[\d+/\d+\] |FAILED: |ninja: ))");
  const std::string prefix = " -c " + (folder.empty() ? std::string("\n") : folder.string() + "/");
  std::string kept;
  removed->clear();
  std::istringstream lines(ninja_output);
  bool in_removed = false;
  std::string failed;  // a "FAILED:" line, until its command says where it goes
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("FAILED: ", 0) == 0) {
      failed = line + "\n";
      continue;
    }
    if (!failed.empty()) {
      in_removed = line.find(prefix) != std::string::npos;
      (in_removed ? *removed : kept) += failed;
      failed.clear();
    } else if (std::regex_search(line, start)) {
      in_removed = false;
    }
    (in_removed ? *removed : kept) += line + "\n";
  }
  kept += failed;
  return kept;
}

Verdict CompileError(const std::string& build_output, const std::filesystem::path& root) {
  Verdict verdict;
  verdict.category = "compile-error";
  std::vector<const Diagnostic*> errors;
  const std::vector<Diagnostic> diagnostics = ParseDiagnostics(build_output);
  for (const Diagnostic& diagnostic : diagnostics) {
    if (diagnostic.severity == "error") errors.push_back(&diagnostic);
  }
  if (errors.empty()) {
    // No diagnostic a compiler prints: the linker's, or CMake's. Its lines that say "error".
    std::istringstream lines(build_output);
    std::string text;
    int shown = 0;
    for (std::string line; std::getline(lines, line) && shown < 12;) {
      // "error" also as the assembler writes it ("Error: can't open ...").
      if (line.find("error") != std::string::npos || line.find("Error:") != std::string::npos ||
          line.find("undefined reference") != std::string::npos) {
        text += "  " + Relative(line, root) + "\n";
        ++shown;
      }
    }
    verdict.message = "your code does not compile:\n" + text;
    return verdict;
  }
  const Diagnostic& first = *errors.front();
  verdict.message = errors.size() == 1
                        ? "your code does not compile:\n"
                        : fmt::format(
                              "your code does not compile. The first of {} errors (the "
                              "others often follow from it):\n",
                              errors.size());
  int line = 0;
  const std::string student_file = StudentPlace(first, &line);
  if (!student_file.empty() && student_file != first.file) {
    // The error is in a library's code; the student's line is what led there.
    const std::string code = SourceLine(student_file, line);
    verdict.message +=
        fmt::format("  {}:{}: this line of yours{}\n  leads to:\n", Relative(student_file, root),
                    line, code.empty() ? "" : "   `" + code + "`");
  }
  verdict.message += Shown(first, root, 30);
  return verdict;
}

std::string ThreadSafetyWarnings(const std::string& build_output,
                                 const std::filesystem::path& root) {
  std::string text;
  std::set<std::string> seen;  // each test file that includes the header repeats its warnings
  for (const Diagnostic& diagnostic : ParseDiagnostics(build_output)) {
    if (diagnostic.severity != "warning" || !IsStudentFile(diagnostic.file) ||
        diagnostic.message.find("[-Wthread-safety") == std::string::npos) {
      continue;
    }
    const std::string shown = Shown(diagnostic, root, 12);
    if (seen.insert(shown).second) text += shown;
  }
  return text;
}

}  // namespace racelab
