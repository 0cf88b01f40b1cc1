#include "classify.hpp"

#include <fmt/format.h>
#include <signal.h>
#include <string.h>

#include <algorithm>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "racelab/category.hpp"
#include "sanitizer_report.hpp"

namespace racelab {
namespace {

std::string Indent(const std::string& text, int max_lines) {
  std::istringstream lines(text);
  std::string out;
  int count = 0;
  for (std::string line; std::getline(lines, line);) {
    if (count++ == max_lines) {
      out += "  ...\n";
      break;
    }
    out += "  " + line + "\n";
  }
  return out;
}

// "[racelab:deadlock] message" lines, with their indented continuation lines.
std::vector<Finding> TaggedLines(const std::string& output) {
  static const std::regex tag(R"(\[racelab:([a-z-]+)\] (.*))");
  std::vector<Finding> findings;
  std::istringstream lines(output);
  std::smatch match;
  Finding* open = nullptr;
  for (std::string line; std::getline(lines, line);) {
    if (std::regex_search(line, match, tag)) {
      findings.push_back({match[1].str(), match[2].str()});
      open = &findings.back();
    } else if (open != nullptr && line.rfind("  ", 0) == 0) {
      open->message += "\n" + line;
    } else {
      open = nullptr;
    }
  }
  return findings;
}

std::string SignalName(int signal) {
  switch (signal) {
    case SIGSEGV:
      return "SIGSEGV (a segmentation fault: memory that is not yours was touched)";
    case SIGABRT:
      return "SIGABRT (abort() was called, e.g. by std::terminate or a failed assert)";
    case SIGBUS:
      return "SIGBUS (a bad memory access)";
    case SIGFPE:
      return "SIGFPE (an arithmetic error, such as a division by zero)";
    case SIGKILL:
      return "SIGKILL";
    default:
      return fmt::format("{} ({})", signal, strsignal(signal));
  }
}

// The failure text of a GoogleTest result, without the "file:line" first line.
std::string FailureText(const std::string& failure) {
  const auto newline = failure.find('\n');
  std::string text = newline == std::string::npos ? failure : failure.substr(newline + 1);
  return text;
}

std::string Trim(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\n");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t\n") - first + 1);
}

// The first `count` lines of `text`.
std::string FirstLines(const std::string& text, int count) {
  std::istringstream lines(text);
  std::string out;
  for (std::string line; count-- > 0 && std::getline(lines, line);) {
    out += (out.empty() ? "" : "\n") + line;
  }
  return out;
}

// A failed GoogleTest assertion: GoogleTest's account of the check, then the test's own message.
struct FailedCheck {
  std::string check;    // "`sum` is 4, `expected` is 6: they should be equal"
  std::string message;  // what the test says about it, "" if nothing
};

// Splits GoogleTest's failure text. Its own lines come first, in a few fixed forms:
//   Expected equality of these values: / "  sum" / "    Which is: 4" / ...
//   Value of: went_down / "  Actual: true" / Expected: false
//   Expected: (a) < (b), actual: 4 vs 6
//   Failed
// The test's message starts at the first line in none of these forms.
FailedCheck SplitFailure(const std::string& text) {
  static const std::regex gtest_line(
      R"(^(?:Expected equality of these values:|Expected: |Expected |Value of: |Actual: |)"
      R"(Which is: |Failed$|The difference between |where$|  |\S+ evaluates to ))");
  std::istringstream lines(text);
  std::vector<std::string> check_lines;
  std::string message;
  bool in_message = false;
  for (std::string line; std::getline(lines, line);) {
    if (!in_message && std::regex_search(line, gtest_line)) {
      check_lines.push_back(line);
    } else {
      in_message = true;
      message += (message.empty() ? "" : "\n") + line;
    }
  }
  // "Expected equality of these values:" with each expression and, unless it is a literal, its
  // value: "`sum` is 4, `expected` is 6: they should be equal".
  std::string check;
  if (!check_lines.empty() && check_lines[0] == "Expected equality of these values:") {
    std::vector<std::pair<std::string, std::string>> sides;  // expression, value
    for (std::size_t i = 1; i < check_lines.size(); ++i) {
      const std::string expression = Trim(check_lines[i]);
      if (expression.rfind("Which is: ", 0) == 0 || expression.empty()) continue;
      std::string value = expression;  // a literal has no "Which is"
      if (i + 1 < check_lines.size() && Trim(check_lines[i + 1]).rfind("Which is: ", 0) == 0) {
        value = Trim(check_lines[i + 1]).substr(10);
      }
      sides.emplace_back(expression, value);
    }
    const auto literal = [](const auto& side) { return side.first == side.second; };
    if (sides.size() == 2 && literal(sides[0]) != literal(sides[1])) {
      const auto& [expression, value] = literal(sides[0]) ? sides[1] : sides[0];
      check = fmt::format("`{}` is {}, expected {}", expression, value,
                          literal(sides[0]) ? sides[0].first : sides[1].first);
    } else {
      for (const auto& [expression, value] : sides) {
        check += (check.empty() ? "" : ", ") + fmt::format("`{}` is {}", expression, value);
      }
      check += ": they should be equal";
    }
  } else {
    for (const std::string& line : check_lines) {
      if (Trim(line) != "Failed") check += (check.empty() ? "" : " ") + Trim(line);
    }
  }
  return {check, Trim(message)};
}

// The finding for a failed assertion of test `name`.
Finding WrongResult(const std::string& name, const std::string& text) {
  const FailedCheck failed = SplitFailure(text);
  if (failed.message.empty()) {
    return {"wrong-result", fmt::format("{} failed: {}\n", name, failed.check),
            fmt::format("{}: {}", name, failed.check)};
  }
  std::string message = fmt::format("{} failed: {}\n", name, failed.message);
  if (!failed.check.empty()) message += fmt::format("  (the check: {})\n", failed.check);
  return {"wrong-result", message, fmt::format("{}: {}", name, FirstLines(failed.message, 2))};
}

}  // namespace

const std::vector<std::string>& CategoryOrder() {
  static const std::vector<std::string> order = {"data-race",      "lock-order-inversion",
                                                 "use-after-free", "double-free",
                                                 "deadlock",       "timeout",
                                                 "crash",          "leak",
                                                 "wrong-result",   "constraint",
                                                 "incomplete",     "missing"};
  return order;
}

Verdict Classify(const TestRun& run, const std::vector<std::string>& expected_tests) {
  std::vector<Finding> findings = TaggedLines(run.output);
  for (Finding& finding : findings) {
    // Where each stuck thread waits, as the student's line rather than a list of addresses.
    if (finding.category == "deadlock" || finding.category == "timeout") {
      finding.message = CondenseStacks(finding.message);
    }
  }

  // A child made by fork() in a process with threads that starts a thread of its own: the
  // sanitizer ends it (its die_after_fork option) with one line, and the tests see only that the
  // child failed. Said first, it is the cause.
  if (run.output.find("starting new threads after multi-threaded fork is not supported") !=
      std::string::npos) {
    findings.push_back(
        {"crash",
         "a child process started a thread after fork(), in a process that has threads, and "
         "ThreadSanitizer ended it (die_after_fork). Only the thread that called fork() exists "
         "in the child: a lock that another thread held at that moment stays locked there for "
         "good. A child of a process with threads must do its own simple work on its one thread "
         "and end with _exit().\n"});
  }

  for (const SanitizerReport& report : ParseSanitizerReports(run.output)) {
    findings.push_back({CategoryOf(report), Explain(report), Summary(report)});
  }

  const Outcome& outcome = run.outcome;
  if (outcome.timed_out) {
    if (outcome.all_threads_blocked) {
      // The harness's first line comes from main(): without it, the tests never began.
      const bool before_main = run.output.find("racelab: chaos seed") == std::string::npos;
      findings.push_back(
          {"deadlock",
           fmt::format("the tests hung: after {:.0f} s every thread was blocked or asleep, "
                       "using no CPU. Each waits for something that never comes (a lock never "
                       "released, or taken twice), or sleeps forever.{}",
                       outcome.seconds,
                       before_main ? " It happened before the tests began, in code that runs "
                                     "when the program starts: a global variable's "
                                     "initializer in your file."
                                   : "")});
    } else {
      findings.push_back(
          {"timeout", fmt::format("the tests were stopped after {:.0f} s ({:.0f} s of CPU time), "
                                  "unfinished, with threads still running: an endless loop, a "
                                  "thread spinning on a condition no other thread will make "
                                  "true, or code far slower than it needs to be. A correct "
                                  "solution uses less than a twentieth of that CPU time.",
                                  outcome.seconds, outcome.cpu_seconds)});
    }
  } else if (outcome.signal == SIGXFSZ) {
    findings.push_back({"crash",
                        "the tests printed too much output and were stopped; remove "
                        "the printing from your code."});
  } else if (outcome.signal != 0) {
    findings.push_back({"crash", fmt::format("the test binary was killed by signal {}.",
                                             SignalName(outcome.signal))});
  }

  if (outcome.leftovers > 0) {
    findings.push_back(
        {"crash",
         fmt::format("the code under test started {} process{} that left the tests' process "
                     "group (setsid()), as if to outlive them; racelab ended {}. Code under test "
                     "must not start processes.",
                     outcome.leftovers, outcome.leftovers == 1 ? "" : "es",
                     outcome.leftovers == 1 ? "it" : "them")});
  }

  // What GoogleTest says of each expected test case.
  std::map<std::string, const nlohmann::json*> cases;
  if (run.results && run.results->contains("testsuites")) {
    for (const auto& suite : run.results->at("testsuites")) {
      if (!suite.contains("testsuite")) continue;
      for (const auto& test : suite.at("testsuite")) {
        cases[suite.value("name", "") + "." + test.value("name", "")] = &test;
      }
    }
  }
  std::vector<std::string> missing;
  for (const std::string& name : expected_tests) {
    const auto found = cases.find(name);
    if (found == cases.end() || found->second->value("status", "") != "RUN" ||
        found->second->value("result", "") != "COMPLETED") {
      missing.push_back(name);
      continue;
    }
    for (const auto& failure : found->second->value("failures", nlohmann::json::array())) {
      const std::string text = FailureText(failure.value("failure", ""));
      if (text.find("[racelab:") != std::string::npos) continue;  // counted from the output
      if (text.find("C++ exception") != std::string::npos) {
        findings.push_back(
            {"crash", fmt::format("{}: an exception escaped your code:\n{}", name, Indent(text, 6)),
             fmt::format("{}: {}", name, FirstLines(text, 1))});
      } else {
        findings.push_back(WrongResult(name, text));
      }
    }
  }
  // The harness's watchdog ends a hung binary itself, after saying why: the test cases it cut
  // short are no news of their own.
  const bool ended_by_watchdog =
      outcome.exit_status == kEndNowExitStatus &&
      std::any_of(findings.begin(), findings.end(), [](const Finding& finding) {
        return finding.category == "deadlock" || finding.category == "timeout";
      });
  if (!missing.empty() && !outcome.timed_out && outcome.signal == 0 && !ended_by_watchdog) {
    findings.push_back(
        {"incomplete",
         fmt::format("the test binary ended (exit status {}) before {} of its {} test cases "
                     "gave a result, first {}. Does your code call exit(), quick_exit() or "
                     "abort()?",
                     outcome.exit_status, missing.size(), expected_tests.size(), missing.front())});
  }
  if (findings.empty() && !outcome.exited_ok()) {
    findings.push_back({"crash", fmt::format("every test passed, but the test binary then exited "
                                             "with status {}.",
                                             outcome.exit_status)});
  }

  // A line or two of each, for when another finding is the verdict.
  for (Finding& finding : findings) {
    if (finding.brief.empty()) finding.brief = FirstLines(finding.message, 2);
  }

  Verdict verdict;
  if (findings.empty()) {
    verdict.passed = true;
    return verdict;
  }
  const auto rank = [](const std::string& category) {
    const auto& order = CategoryOrder();
    return std::find(order.begin(), order.end(), category) - order.begin();
  };
  std::stable_sort(findings.begin(), findings.end(), [&](const Finding& a, const Finding& b) {
    return rank(a.category) < rank(b.category);
  });
  verdict.category = findings.front().category;
  verdict.message = findings.front().message;
  // The others, each once: reports of the same race on the same lines say nothing new.
  std::set<std::pair<std::string, std::string>> seen = {
      {findings.front().category, findings.front().brief}};
  for (std::size_t i = 1; i < findings.size(); ++i) {
    if (seen.insert({findings[i].category, findings[i].brief}).second) {
      verdict.also.push_back(std::move(findings[i]));
    }
  }
  return verdict;
}

std::string SanitizerStartFailure(const std::string& output) {
  // Printed by the sanitizer's runtime before main(): the tests never began.
  static const std::regex fatal(
      R"((FATAL: (?:ThreadSanitizer|AddressSanitizer|MemorySanitizer|LeakSanitizer): .*|)"
      R"((?:ThreadSanitizer|AddressSanitizer|Sanitizer): CHECK failed: .*|)"
      R"(AddressSanitizer:DEADLYSIGNAL|)"
      R"(==\d+==(?:ERROR: )?(?:AddressSanitizer|ThreadSanitizer|LeakSanitizer)[: ]+failed to .*|)"
      R"(==\d+==Shadow memory range interleaves with an existing memory mapping.*))");
  std::smatch match;
  if (!std::regex_search(output, match, fatal)) return "";
  const std::string line = match[1].str();
  const bool mapping = line.find("unexpected memory mapping") != std::string::npos;
  // The harness's first line (stderr) or GoogleTest's banner (stdout, buffered) shows main() ran.
  const std::size_t started =
      std::min(output.find("racelab: chaos seed"), output.find("[==========] Running"));
  if (!mapping && static_cast<std::size_t>(match.position(0)) > started) {
    return "";  // after the tests began: something the code under test did
  }
  std::string text = fmt::format(
      "the sanitizer could not start the tests; this is a problem of the machine, not of the "
      "code:\n  {}\n",
      line);
  text += mapping ? "Fix: sudo sysctl -w vm.mmap_rnd_bits=28 (the kernel randomizes memory more "
                    "than ThreadSanitizer can handle), then run ./lab again.\n"
                  : "Fix: make sure the tests may use enough memory (ulimit -v unlimited) and "
                    "that vm.mmap_rnd_bits is at most 28 (sudo sysctl -w vm.mmap_rnd_bits=28), "
                    "then run ./lab again.\n";
  return text;
}

}  // namespace racelab
