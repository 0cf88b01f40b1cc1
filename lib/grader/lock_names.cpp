#include "lock_names.hpp"

#include <regex>
#include <set>
#include <sstream>
#include <vector>

#include "process.hpp"

namespace racelab {
namespace {

std::string Trim(const std::string& text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

// "&accounts_[to].mutex" -> "accounts_[to].mutex"; "" if it does not look like one lock.
std::string LockExpression(std::string expression) {
  expression = Trim(expression);
  while (!expression.empty() && (expression[0] == '&' || expression[0] == '*')) {
    expression = Trim(expression.substr(1));
  }
  if (expression.rfind("this->", 0) == 0) expression = expression.substr(6);
  static const std::regex lock(R"([A-Za-z_][\w.:\[\]>-]*)");
  if (expression.size() > 60 || !std::regex_match(expression, lock)) return "";
  return expression;
}

// The arguments of a call, split at the commas outside brackets.
std::vector<std::string> Arguments(const std::string& text) {
  std::vector<std::string> arguments(1);
  int depth = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool arrow = c == '>' && i > 0 && text[i - 1] == '-';
    if (c == '(' || c == '[' || c == '<' || c == '{') ++depth;
    if (c == ')' || c == ']' || (c == '>' && !arrow) || c == '}') --depth;
    if (c == ',' && depth == 0) {
      arguments.emplace_back();
    } else {
      arguments.back() += c;
    }
  }
  return arguments;
}

// The lock a section is about: "Mutex M37 acquired here ...", "Mutex M37 (0x...) created at".
std::string SubjectLock(const ReportSection& section) {
  static const std::regex subject(R"(^Mutex (M\d+)\b)");
  std::smatch match;
  return std::regex_search(section.heading, match, subject) ? match[1].str() : "";
}

// The one lock that `file` declares; "" if it declares none or several.
std::string OnlyLockDeclaredIn(const std::string& file) {
  std::istringstream lines(ReadFile(file, 1u << 20));
  std::set<std::string> names;
  for (std::string line; std::getline(lines, line);) {
    static const std::regex declares(R"(\b(?:std::\w*mutex|absl::Mutex|tbb::\w*mutex)\s+\w)");
    if (std::regex_search(line, declares)) names.insert(LockName(line));
  }
  return names.size() == 1 ? *names.begin() : "";
}

// The name that section's own line of code gives its lock. A lock created by a constructor the
// compiler wrote ("Counter::Counter() at counter.hpp:7", the line of `class Counter {`) is the
// one lock that file declares, if it declares only one.
std::string NameInSection(const ReportSection& section) {
  static const std::regex constructor(R"((?:^|::)(\w+)::\1\()");
  for (const Frame& frame : section.frames) {
    if (!IsStudentFile(frame.file) && frame.file.find("/tests/") == std::string::npos) continue;
    if (std::string name = LockName(SourceLine(frame.file, frame.line)); !name.empty()) {
      return name;
    }
    if (section.mutex_creation() && std::regex_search(frame.function, constructor)) {
      return OnlyLockDeclaredIn(frame.file);
    }
  }
  return "";
}

// "`mutex_` (M187)", or "M187" when it has no name.
std::string Named(const SanitizerReport& report, std::size_t from, const std::string& id) {
  const std::string name = NameOfLock(report, from, id);
  return name.empty() ? id : "`" + name + "` (" + id + ")";
}

}  // namespace

std::string LockName(const std::string& line) {
  const std::string code = line.substr(0, line.find("//"));
  std::smatch match;
  // A scoped guard: std::lock_guard<std::mutex> lock(mutex_), absl::MutexLock l(&mu_), ...
  static const std::regex guard(
      R"(\b(lock_guard|unique_lock|scoped_lock|shared_lock|MutexLock|ReaderMutexLock|)"
      R"(WriterMutexLock|ReleasableMutexLock)\b\s*(?:<[^;]*?>)?\s*\w*\s*[({]([^;]*)[)}])");
  if (std::regex_search(code, match, guard)) {
    const std::vector<std::string> arguments = Arguments(match[2].str());
    if (match[1].str() == "scoped_lock" && arguments.size() > 1) return "";
    return LockExpression(arguments.front());
  }
  // pthread_mutex_lock(&m), pthread_rwlock_wrlock(&m), ...
  static const std::regex pthread(R"(\bpthread_(?:mutex|rwlock|spin)_\w*lock\s*\(([^),]*))");
  if (std::regex_search(code, match, pthread)) return LockExpression(match[1].str());
  // A call on the lock: from.mu.lock(), mu_->Lock(), mutex_.lock_shared(), ...
  static const std::regex call(
      R"(([A-Za-z_][\w]*(?:\[[^\]]*\])*(?:(?:\.|->)[A-Za-z_]\w*(?:\[[^\]]*\])*)*)\s*(?:\.|->)\s*)"
      R"((?:lock|Lock|try_lock|TryLock|lock_shared|ReaderLock|WriterLock|unlock|Unlock|)"
      R"(unlock_shared|ReaderUnlock|WriterUnlock|LockWhen)\s*\()");
  if (std::regex_search(code, match, call)) return LockExpression(match[1].str());
  // A declaration: std::mutex mutex_;  absl::Mutex mu;  tbb::spin_mutex m;
  static const std::regex declaration(
      R"(\b(?:std::\w*mutex|absl::Mutex|tbb::\w*mutex|pthread_mutex_t|pthread_rwlock_t)\s+)"
      R"((\w+)\s*[;{=(\[])");
  if (std::regex_search(code, match, declaration)) return match[1].str();
  return "";
}

std::string NameOfLock(const SanitizerReport& report, std::size_t from, const std::string& id) {
  const auto& sections = report.sections;
  for (std::size_t i = from; i < sections.size(); ++i) {
    if (SubjectLock(sections[i]) != id) continue;
    if (std::string name = NameInSection(sections[i]); !name.empty()) return name;
  }
  for (std::size_t i = std::min(from, sections.size()); i-- > 0;) {
    if (SubjectLock(sections[i]) != id) continue;
    if (std::string name = NameInSection(sections[i]); !name.empty()) return name;
  }
  return "";
}

std::string HeadingWithLockNames(const SanitizerReport& report, std::size_t index) {
  std::string heading = report.sections.at(index).heading;
  heading = std::regex_replace(heading, std::regex(R"( at 0x[0-9a-f]+)"), "");
  heading = std::regex_replace(heading, std::regex(R"( on address 0x[0-9a-f]+)"), "");
  heading = std::regex_replace(heading, std::regex(R"( \(0x[0-9a-f]+\))"), "");

  std::smatch match;
  // " (mutexes: write M187, read M60)" -> ", holding `mutex_` (M187) and `rw_` (M60) shared"
  static const std::regex held(R"( \(mutexes: ([^)]*)\))");
  if (std::regex_search(heading, match, held)) {
    std::string locks;
    const std::vector<ReportSection::HeldLock> held_locks = report.sections[index].held_locks();
    for (std::size_t i = 0; i < held_locks.size(); ++i) {
      if (i > 0) locks += i + 1 == held_locks.size() ? " and " : ", ";
      locks += Named(report, index, held_locks[i].id) + (held_locks[i].shared ? " shared" : "");
    }
    heading = match.prefix().str() + ", holding " + locks + match.suffix().str();
  }
  // "Mutex M59 acquired here while holding mutex M58" -> "Lock `a` (M59) ... lock `b` (M58)"
  static const std::regex mutex(R"(\b([Mm])utex (M\d+)\b)");
  std::string named;
  auto begin = heading.cbegin();
  while (std::regex_search(begin, heading.cend(), match, mutex)) {
    const std::string id = match[2].str();
    const bool has_name = !NameOfLock(report, index, id).empty();
    named += match.prefix().str();
    named += has_name ? (match[1].str() == "M" ? "Lock " : "lock ") + Named(report, index, id)
                      : match.str();
    begin = match.suffix().first;
  }
  named.append(begin, heading.cend());
  return named;
}

}  // namespace racelab
