#include "classify.hpp"

#include <fmt/format.h>
#include <signal.h>
#include <string.h>

#include <algorithm>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "sanitizer_report.hpp"

namespace racelab {
namespace {

struct Finding {
  std::string category;
  std::string message;
};

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

}  // namespace

const std::vector<std::string>& CategoryOrder() {
  static const std::vector<std::string> order = {"data-race",      "lock-order-inversion",
                                                 "use-after-free", "double-free",
                                                 "deadlock",       "timeout",
                                                 "crash",          "leak",
                                                 "wrong-result",   "constraint",
                                                 "incomplete"};
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

  for (const SanitizerReport& report : ParseSanitizerReports(run.output)) {
    findings.push_back({CategoryOf(report), Explain(report)});
  }

  const Outcome& outcome = run.outcome;
  if (outcome.timed_out) {
    if (outcome.all_threads_blocked) {
      findings.push_back({"deadlock", fmt::format("the tests hung for {:.0f} s with every thread "
                                                  "blocked: each waits for something that "
                                                  "never comes (a lock never released, or taken "
                                                  "twice).",
                                                  outcome.seconds)});
    } else {
      findings.push_back({"timeout", fmt::format("the tests did not finish in {:.0f} s and were "
                                                 "stopped (an endless loop, or far too slow).",
                                                 outcome.seconds)});
    }
  } else if (outcome.signal == SIGXFSZ) {
    findings.push_back({"crash",
                        "the tests printed too much output and were stopped; remove "
                        "the printing from your code."});
  } else if (outcome.signal != 0) {
    findings.push_back({"crash", fmt::format("the test binary was killed by signal {}.",
                                             SignalName(outcome.signal))});
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
        findings.push_back({"crash", fmt::format("{}: an exception escaped your code:\n{}", name,
                                                 Indent(text, 6))});
      } else {
        findings.push_back({"wrong-result", fmt::format("{} failed:\n{}", name, Indent(text, 12))});
      }
    }
  }
  if (!missing.empty() && !outcome.timed_out && outcome.signal == 0) {
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
  std::set<std::string> seen = {verdict.category};
  for (const Finding& finding : findings) {
    if (seen.insert(finding.category).second) verdict.also.push_back(finding.category);
  }
  return verdict;
}

Verdict CompileError(const std::string& build_output) {
  Verdict verdict;
  verdict.category = "compile-error";
  std::istringstream lines(build_output);
  std::string errors;
  int shown = 0;
  for (std::string line; std::getline(lines, line) && shown < 12;) {
    if (line.find("error") != std::string::npos || (shown > 0 && line.rfind(" ", 0) == 0)) {
      // Paths relative to the lab: "exercises/01-counter-mutex/counter.hpp:14:5: error: ..."
      for (const char* root : {"/exercises/", "/tests/", "/submission/"}) {
        if (const auto at = line.find(root); at != std::string::npos && line[0] == '/') {
          line = line.substr(at + 1);
          break;
        }
      }
      errors += "  " + line + "\n";
      ++shown;
    }
  }
  verdict.message =
      "your code does not compile:\n" + (errors.empty() ? Indent(build_output, 20) : errors);
  return verdict;
}

}  // namespace racelab
