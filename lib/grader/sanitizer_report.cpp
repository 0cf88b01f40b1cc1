#include "sanitizer_report.hpp"

#include <fmt/format.h>

#include <fstream>
#include <optional>
#include <regex>
#include <sstream>

#include "lock_names.hpp"
#include "race_cause.hpp"

namespace racelab {
namespace {

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::string BaseName(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// "f(std::vector<long> const&)::{lambda(int)#1}::operator()(int) const" becomes
// "f()::{lambda()#1}::operator()() const": template arguments and parameter types say little
// to a student.
std::string ShortName(const std::string& function) {
  std::string name;
  int angle = 0, paren = 0;
  for (std::size_t i = 0; i < function.size(); ++i) {
    const char c = function[i];
    if (function.compare(i, 10, "operator()") == 0 && angle == 0 && paren == 0) {
      name += "operator()";
      i += 9;
    } else if (c == '<' && paren == 0) {
      ++angle;
    } else if (c == '>' && angle > 0) {
      --angle;
    } else if (angle > 0) {
      continue;
    } else if (c == '(') {
      if (paren++ == 0) name += '(';
    } else if (c == ')' && paren > 0) {
      if (--paren == 0) name += ')';
    } else if (paren == 0) {
      name += c;
    }
  }
  return name;
}

std::string Where(const Frame* frame) {
  if (frame == nullptr) return "(no source line)";
  if (frame->file.empty()) return "in " + ShortName(frame->function);
  std::string where =
      fmt::format("in {} at {}:{}", ShortName(frame->function), BaseName(frame->file), frame->line);
  if (const std::string code = SourceLine(frame->file, frame->line); !code.empty()) {
    where += fmt::format("   `{}`", code);
  }
  return where;
}

std::string ThreadName(const std::string& thread) {
  return thread == "main thread" ? thread : "thread " + thread;
}

}  // namespace

bool IsStudentFile(const std::string& file) {
  return Contains(file, "/exercises/") || Contains(file, "/solutions/") ||
         Contains(file, "/submission/") || Contains(file, "/wrong/") ||
         Contains(file, "/tests/lib/probes/") || Contains(file, "/lib/workshop/demos/");
}

std::string SourceLine(const std::string& file, int line) {
  std::ifstream in(file);
  std::string text;
  for (int i = 0; i < line && std::getline(in, text); ++i) {
  }
  const auto first = text.find_first_not_of(" \t");
  return first == std::string::npos ? "" : text.substr(first);
}

// A frame as the sanitizers (and the lab's symbolizer) print it:
// "    #3 0x4f2a in Counter::value() /lab/exercises/01-counter-mutex/counter.hpp:17:5 (x+0x4f2a)",
// "    #0 operator delete(void*) ../../../../src/libsanitizer/tsan/tsan_new_delete.cpp:150 (...)",
// or, without a source line, "    #1 std::thread::_M_start_thread(...) <null>
// (libstdc++.so.6+0x1)".
std::optional<Frame> ParseFrame(const std::string& line) {
  static const std::regex frame(
      R"(^\s+#\d+ (?:0x[0-9a-f]+ in )?(.+?) (?:([^ :]+):(\d+)(?::\d+)?|<null>)(?: |$))");
  std::smatch match;
  if (!std::regex_search(line, match, frame) || match[1].str() == "<null>") return std::nullopt;
  return Frame{match[1].str(), match[2].str(), match[3].matched ? std::stoi(match[3].str()) : 0};
}

std::string CondenseStacks(const std::string& text) {
  std::string result;
  std::vector<Frame> frames;
  std::string indent;
  // The watchdog's "waits for the lock at 0x7ffd..., called from:" names the lock by its
  // address; the line of the student's code that takes it names it as the student does.
  static const std::regex lock_address(R"(waits for the lock at 0x[0-9a-f]+, called from:\n$)");
  const auto flush = [&] {
    if (frames.empty()) return;
    ReportSection section;
    section.frames = std::move(frames);
    frames.clear();
    const Frame* frame = InterestingFrame(section);
    std::smatch match;
    if (frame != nullptr && std::regex_search(result, match, lock_address)) {
      if (const std::string lock = LockName(SourceLine(frame->file, frame->line)); !lock.empty()) {
        result.replace(match.position(0), match.length(0),
                       fmt::format("waits for `{}`, taken at:\n", lock));
      }
    }
    result += indent + Where(frame) + "\n";
  };
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (const auto frame = ParseFrame(line)) {
      if (frames.empty()) indent = line.substr(0, line.find('#'));
      frames.push_back(*frame);
      continue;
    }
    flush();
    result += line + "\n";
  }
  flush();
  return result;
}

bool ReportSection::mutex_creation() const {
  return heading.rfind("Mutex M", 0) == 0 && heading.size() >= 10 &&
         heading.compare(heading.size() - 10, 10, "created at") == 0;
}

bool ReportSection::access() const {
  static const std::regex access(R"(^(?:Previous )?(?:[Aa]tomic )?(?:[Rr]ead|[Ww]rite) of size)");
  return std::regex_search(heading, access);
}

bool ReportSection::frees() const {
  if (!access() || frames.empty()) return false;
  const std::string& function = frames.front().function;
  return function.rfind("operator delete", 0) == 0 || function == "free" ||
         function == "__interceptor_free" || function == "cfree" || function == "__libc_free";
}

bool ReportSection::allocates() const {
  if (!access() || frames.empty()) return false;
  const std::string& function = frames.front().function;
  return function.rfind("operator new", 0) == 0 || function == "malloc" ||
         function == "__interceptor_malloc" || function == "calloc" || function == "realloc";
}

std::vector<ReportSection::HeldLock> ReportSection::held_locks() const {
  static const std::regex list(R"(\(mutexes: ([^)]*)\))");
  static const std::regex lock(R"((read|write) (M\d+))");
  std::vector<HeldLock> locks;
  std::smatch match;
  if (!std::regex_search(heading, match, list)) return locks;
  const std::string held = match[1].str();
  for (auto it = std::sregex_iterator(held.begin(), held.end(), lock); it != std::sregex_iterator();
       ++it) {
    locks.push_back({(*it)[2].str(), (*it)[1].str() == "read"});
  }
  return locks;
}

std::vector<SanitizerReport> ParseSanitizerReports(const std::string& output) {
  static const std::regex tsan_start(R"(WARNING: ThreadSanitizer: (.+?) \(pid=\d+\))");
  static const std::regex error_start(
      R"(ERROR: (AddressSanitizer|ThreadSanitizer|LeakSanitizer): (\S+(?: on unknown address)?))");
  static const std::regex ubsan(R"((/\S+):(\d+):\d+: runtime error: (.*))");
  static const std::regex thread_of(R"((?:thread (T\d+))|(main thread))");

  std::vector<SanitizerReport> reports;
  SanitizerReport* current = nullptr;
  std::istringstream lines(output);
  std::smatch match;
  for (std::string line; std::getline(lines, line);) {
    if (std::regex_search(line, match, tsan_start)) {
      reports.push_back({"ThreadSanitizer", match[1].str(), "", {}});
      current = &reports.back();
    } else if (std::regex_search(line, match, error_start)) {
      reports.push_back({match[1].str(), match[2].str(), "", {}});
      current = &reports.back();
    } else if (std::regex_search(line, match, ubsan)) {
      reports.push_back({"UndefinedBehaviorSanitizer", match[3].str(), "", {}});
      reports.back().sections.push_back(
          {"runtime error", "", {{"", match[1].str(), std::stoi(match[2].str())}}});
      current = nullptr;
    } else if (current == nullptr) {
      continue;
    } else if (line.rfind("SUMMARY:", 0) == 0) {
      current = nullptr;
    } else if (const auto frame = ParseFrame(line)) {
      if (!current->sections.empty()) current->sections.back().frames.push_back(*frame);
    } else if (Contains(line, "Location is") && current->location.empty()) {
      current->location = line.substr(line.find("Location is"));
    } else if (!line.empty() && line.back() == ':' && line.find_first_not_of(' ') <= 2) {
      ReportSection section;
      section.heading = line.substr(line.find_first_not_of(' '));
      section.heading.pop_back();
      if (std::regex_search(section.heading, match, thread_of)) {
        section.thread = match[1].matched ? match[1].str() : "main thread";
      }
      current->sections.push_back(std::move(section));
    }
  }
  return reports;
}

std::string CategoryOf(const SanitizerReport& report) {
  const std::string& kind = report.kind;
  if (Contains(kind, "data race") || Contains(kind, "race on")) return "data-race";
  if (Contains(kind, "lock-order-inversion")) return "lock-order-inversion";
  if (Contains(kind, "use-after-free") || Contains(kind, "use-after-return") ||
      Contains(kind, "use-after-scope")) {
    return "use-after-free";
  }
  if (Contains(kind, "double-free")) return "double-free";
  if (report.tool == "LeakSanitizer") return "leak";
  return "crash";
}

const Frame* InterestingFrame(const ReportSection& section) {
  for (const Frame& frame : section.frames) {
    if (IsStudentFile(frame.file)) return &frame;
  }
  // Code an exercise gives students to read but not to edit (the mini interpreter of 11 and 12):
  // its line, `decref(channel);`, says more than the test's line that ran the program.
  for (const Frame& frame : section.frames) {
    if (Contains(frame.file, "/lib/interpreter/")) return &frame;
  }
  for (const Frame& frame : section.frames) {
    if (Contains(frame.file, "/tests/")) return &frame;
  }
  for (const Frame& frame : section.frames) {
    if (!frame.file.empty() && !Contains(frame.file, "sanitizer") &&
        !Contains(frame.file, "/usr/include/")) {
      return &frame;
    }
  }
  return section.frames.empty() ? nullptr : &section.frames.front();
}

std::string Explain(const SanitizerReport& report) {
  std::string text = fmt::format("{}: {}\n", report.tool, report.kind);
  for (std::size_t i = 0; i < report.sections.size(); ++i) {
    const ReportSection& section = report.sections[i];
    if (section.thread_creation()) continue;
    const std::string heading = HeadingWithLockNames(report, i);
    // Where a lock was created only serves to name it.
    if (section.mutex_creation() && heading.rfind("Lock `", 0) == 0) continue;
    text += fmt::format("  {}\n      {}\n", heading, Where(InterestingFrame(section)));
  }
  const std::string category = CategoryOf(report);
  if (category == "data-race") {
    std::istringstream causes(RaceCause(report));
    for (std::string cause; std::getline(causes, cause);) text += "  " + cause + "\n";
  } else if (category == "lock-order-inversion") {
    text +=
        "  Two threads take the same two locks in opposite orders. If both run at once, each "
        "holds the lock the other waits for, and neither ever goes on: a deadlock. Take locks "
        "in one fixed order everywhere (or both at once with std::scoped_lock).\n";
  } else if (category == "use-after-free") {
    text += "  Memory was used after it was freed: some thread still held a pointer to it.\n";
  } else if (category == "double-free") {
    text += "  The same memory was freed twice.\n";
  }
  return text;
}

std::string Summary(const SanitizerReport& report) {
  std::string summary = fmt::format("{}: {}", report.tool, report.kind);
  std::string first_place;
  for (const ReportSection& section : report.sections) {
    if (section.thread_creation() || section.mutex_creation()) continue;
    const Frame* frame = InterestingFrame(section);
    if (frame == nullptr || frame->file.empty()) continue;
    const std::string place =
        fmt::format("{} at {}:{}", ShortName(frame->function), BaseName(frame->file), frame->line);
    if (first_place.empty()) {
      first_place = place;
      summary += " in " + place;
    } else if (place != first_place) {
      summary += " and " + place;
      break;
    }
  }
  return summary;
}

}  // namespace racelab
