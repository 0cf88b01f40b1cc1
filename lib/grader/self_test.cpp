#include "self_test.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <ostream>
#include <regex>

#include "compiler_output.hpp"
#include "process.hpp"

namespace racelab {
namespace fs = std::filesystem;
namespace {

struct Probe {
  std::string target;
  std::string expect;             // a category, or "pass"
  std::vector<std::string> says;  // what the verdict's message must contain
  std::vector<std::string> tests;
  // The grader's protection the probe proves (see Protections in process.hpp): where this
  // machine does not allow it, the probe is skipped and the report says so.
  std::string needs;
};

// tests/lib/probes/<name>.cpp, each built as probe.<name>, each naming its expected verdict in a
// "// racelab-probe-expects: <verdict>" line, and text its message must contain in any
// "// racelab-probe-says: <text>" lines.
std::vector<Probe> FindProbes(const fs::path& root) {
  static const std::regex expects(R"(racelab-probe-expects: ([a-z-]+))");
  std::vector<Probe> probes;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(root / "tests/lib/probes", error)) {
    if (entry.path().extension() != ".cpp") continue;
    const std::string source = ReadFile(entry.path());
    static const std::regex says(R"(racelab-probe-says: (.+))");
    std::smatch match;
    if (!std::regex_search(source, match, expects)) continue;
    Probe probe{
        "probe." + entry.path().stem().string(), match[1].str(), {}, ParseTestNames(source)};
    for (auto it = std::sregex_iterator(source.begin(), source.end(), says);
         it != std::sregex_iterator(); ++it) {
      probe.says.push_back((*it)[1].str());
    }
    static const std::regex needs(R"(racelab-probe-needs: ([a-z-]+))");
    if (std::regex_search(source, match, needs)) probe.needs = match[1].str();
    probes.push_back(std::move(probe));
  }
  std::sort(probes.begin(), probes.end(),
            [](const Probe& a, const Probe& b) { return a.target < b.target; });
  return probes;
}

// The unit-test binaries and the sources of their test cases.
const std::map<std::string, std::vector<std::string>>& UnitTests() {
  static const std::map<std::string, std::vector<std::string>> units = {
      {"racelab_grader_test",
       {"tests/lib/grader_test.cpp", "tests/lib/loop_test.cpp", "tests/lib/story_test.cpp"}},
      {"racelab_harness_test", {"tests/lib/harness_test.cpp"}},
      {"racelab_explorer_test", {"lib/explorer/tests/explorer_test.cpp"}},
  };
  return units;
}

class Tally {
 public:
  explicit Tally(std::ostream& out) : out_(out) {}
  void Check(bool ok, const std::string& what, const std::string& detail = "") {
    (ok ? passed_ : failed_)++;
    out_ << fmt::format("{}  {}\n", ok ? "ok  " : "FAIL", what);
    if (!ok && !detail.empty()) out_ << detail << (detail.back() == '\n' ? "" : "\n");
    out_.flush();
  }
  int passed() const { return passed_; }
  int failed() const { return failed_; }

 private:
  std::ostream& out_;
  int passed_ = 0;
  int failed_ = 0;
};

std::string Indent(const std::string& text) {
  std::string out = "      ";
  for (char c : text) {
    out += c;
    if (c == '\n') out += "      ";
  }
  return out;
}

}  // namespace

int RunSelfTest(Grader& grader, const std::vector<const Exercise*>& exercises, int repeat,
                int wrong_fix_repeat, std::ostream& out) {
  const fs::path root = grader.lab().root;
  const std::vector<Probe> probes = FindProbes(root);

  std::vector<std::string> targets;
  for (const auto& [unit, sources] : UnitTests()) targets.push_back(unit);
  for (const Probe& probe : probes) targets.push_back(probe.target);
  for (const Exercise* exercise : exercises) {
    targets.push_back(Source{Source::kExercise, ""}.TargetOf(*exercise));
    for (const std::string& variant : exercise->solutions) {
      targets.push_back(Source{Source::kSolution, variant}.TargetOf(*exercise));
    }
    for (const WrongFix& wrong : exercise->wrong_fixes) {
      targets.push_back(Source{Source::kWrongFix, wrong.name}.TargetOf(*exercise));
    }
  }
  const auto build_failures = grader.Build(targets);

  Tally tally(out);
  const auto built = [&](const std::string& target) {
    const auto failed = build_failures.find(target);
    if (failed == build_failures.end()) return true;
    tally.Check(false, target + " builds", Indent(CompileError(failed->second, root).message));
    return false;
  };

  // Unit tests: each test case counts.
  for (const auto& [unit, sources] : UnitTests()) {
    if (!built(unit)) continue;
    std::vector<std::string> names;
    for (const std::string& source : sources) {
      for (std::string& name : ParseTestNames(ReadFile(root / source))) names.push_back(name);
    }
    // Judged by GoogleTest's results and the exit status (a sanitizer report makes it 66),
    // not by [racelab:...] lines: some unit tests provoke those on purpose.
    TestRun run;
    grader.Run(unit, names, &run, Exercise::kDefaultCpuTimeLimitSeconds, /*lab_code=*/true);
    std::map<std::string, std::string> failures;
    std::map<std::string, bool> passed;
    if (run.results) {
      for (const auto& suite : run.results->at("testsuites")) {
        for (const auto& test : suite.at("testsuite")) {
          const std::string name = suite.value("name", "") + "." + test.value("name", "");
          passed[name] = test.value("result", "") == "COMPLETED";
          for (const auto& failure : test.value("failures", nlohmann::json::array())) {
            passed[name] = false;
            failures[name] += failure.value("failure", "") + "\n";
          }
        }
      }
    }
    // GoogleTest exits with 1 when a case failed: that case says so. Any other end is a problem
    // of the whole binary, shown on every case.
    const bool some_case_failed =
        std::any_of(passed.begin(), passed.end(), [](const auto& entry) { return !entry.second; });
    const bool explained = run.outcome.exit_status == 1 && !run.outcome.timed_out &&
                           run.outcome.signal == 0 && some_case_failed;
    const std::string exit_problem =
        run.outcome.exited_ok() || explained
            ? ""
            : fmt::format("the binary ended badly (status {}, signal {}):\n{}",
                          run.outcome.exit_status, run.outcome.signal, run.output.substr(0, 4000));
    for (const std::string& name : names) {
      tally.Check(passed[name] && exit_problem.empty(), fmt::format("{}: {}", unit, name),
                  Indent(passed[name] ? exit_problem : failures[name] + "(did not pass)"));
    }
  }

  // Probes: the grader's own verdicts on programs whose verdict is known.
  for (const Probe& probe : probes) {
    if (!built(probe.target)) continue;
    const Protections& protections = AvailableProtections();
    const std::map<std::string, bool> available = {{"no-network", protections.no_network},
                                                   {"separate-user", protections.separate_user}};
    if (!probe.needs.empty() && !available.at(probe.needs)) {
      out << fmt::format("  skip  {}: this machine does not allow the protection {}\n",
                         probe.target, probe.needs);
      continue;
    }
    const Verdict verdict = grader.Run(probe.target, probe.tests);
    const std::string got = verdict.passed ? "pass" : verdict.category;
    std::string unsaid;
    for (const std::string& text : probe.says) {
      if (verdict.message.find(text) == std::string::npos) unsaid += "\n  not said: " + text;
    }
    tally.Check(got == probe.expect && unsaid.empty(),
                fmt::format("{} is graded {}{}", probe.target, probe.expect,
                            probe.says.empty() ? "" : ", and says why"),
                Indent(fmt::format("got {}: {}{}", got, verdict.message, unsaid)));
  }

  // The lab's test cases of an exercise and the instructor's own (--extra-tests), if any.
  const auto all_tests = [&](const Exercise& exercise) {
    std::vector<std::string> tests = exercise.tests;
    for (std::string& name : grader.ExtraTests(exercise)) tests.push_back(std::move(name));
    return tests;
  };

  // A starter or a kept wrong fix: fails, with one of the expected categories, every time.
  const auto fails_as_expected = [&](const Exercise& exercise, const Source& source,
                                     const std::vector<std::string>& expected, int runs) {
    const std::string target = source.TargetOf(exercise);
    // One that must not even build (an attempt on the lab itself, kept to prove it fails): the
    // build's failure is its verdict, the same every time.
    if (build_failures.count(target) != 0 &&
        std::find(expected.begin(), expected.end(), "compile-error") != expected.end()) {
      std::string why = CompileError(build_failures.at(target), root).message;
      why = why.substr(why.find('\n') + 1);  // its first error, for whoever reads the list
      why = why.substr(why.find_first_not_of(' '), why.find('\n') - why.find_first_not_of(' '));
      tally.Check(true,
                  fmt::format("{} {} fails as expected (compile-error: {})", exercise.id,
                              source.Label(), why.substr(0, 120)),
                  "");
      return;
    }
    if (!built(target)) return;
    std::map<std::string, int> categories;
    std::string unexpected;
    for (int i = 0; i < runs; ++i) {
      const Verdict verdict = grader.Run(target, all_tests(exercise), nullptr,
                                         exercise.cpu_time_limit_seconds, false, "", &exercise);
      const std::string got = verdict.passed ? "pass" : verdict.category;
      categories[got]++;
      if (std::find(expected.begin(), expected.end(), got) == expected.end() &&
          unexpected.empty()) {
        unexpected = Indent(fmt::format("{}: {}", got, verdict.message));
      }
    }
    std::string counts;
    for (const auto& [category, n] : categories) {
      counts += fmt::format("{}{} {}/{}", counts.empty() ? "" : ", ", category, n, runs);
    }
    tally.Check(unexpected.empty(),
                fmt::format("{} {} fails as expected ({})", exercise.id, source.Label(), counts),
                unexpected);
  };

  // Exercises: starters and wrong fixes fail, solutions pass, every time.
  for (const Exercise* exercise : exercises) {
    fails_as_expected(*exercise, {Source::kExercise, ""}, exercise->expected, repeat);
    for (const WrongFix& wrong : exercise->wrong_fixes) {
      fails_as_expected(*exercise, {Source::kWrongFix, wrong.name}, wrong.expected,
                        wrong_fix_repeat);
    }
    for (const std::string& variant : exercise->solutions) {
      const std::string target = Source{Source::kSolution, variant}.TargetOf(*exercise);
      if (!built(target)) continue;
      int passes = 0;
      std::string failure;
      std::size_t cases_run = 0;
      double most_cpu = 0;  // seconds: the CPU time limit in exercise.json is sized from this
      for (int i = 0; i < repeat; ++i) {
        TestRun run;
        const Verdict verdict = grader.Run(target, all_tests(*exercise), &run,
                                           exercise->cpu_time_limit_seconds, false, "", exercise);
        passes += verdict.passed;
        most_cpu = std::max(most_cpu, run.outcome.cpu_seconds);
        if (!verdict.passed && failure.empty()) {
          failure = Indent(fmt::format("{}: {}", verdict.category, verdict.message));
        }
        if (run.results) cases_run = run.results->value("tests", 0);
      }
      tally.Check(
          passes == repeat,
          fmt::format("{} solution {} passes ({}/{}, at most {:.1f} s of CPU time of {:.0f} s "
                      "allowed)",
                      exercise->id, variant, passes, repeat, most_cpu,
                      exercise->cpu_time_limit_seconds),
          failure);
      tally.Check(cases_run == all_tests(*exercise).size(),
                  fmt::format("{} solution {} runs exactly the {} expected test cases",
                              exercise->id, variant, all_tests(*exercise).size()),
                  fmt::format("      the binary ran {}", cases_run));
    }
  }

  // An instructor's own tests: sound (every solution passed with them, above), and useful: which
  // starters and kept wrong fixes they catch on their own.
  for (const Exercise* exercise : exercises) {
    const std::vector<std::string> extra = grader.ExtraTests(*exercise);
    if (extra.empty()) continue;
    std::string filter;
    for (const std::string& name : extra) filter += (filter.empty() ? "" : ":") + name;
    std::vector<Source> sources = {{Source::kExercise, ""}};
    for (const WrongFix& wrong : exercise->wrong_fixes) {
      sources.push_back({Source::kWrongFix, wrong.name});
    }
    out << fmt::format(
        "extra tests of {} ({}), on their own, one run each (a race may need more):\n",
        exercise->id, extra.size());
    for (const Source& source : sources) {
      const std::string target = source.TargetOf(*exercise);
      if (build_failures.count(target)) continue;
      const Verdict verdict = grader.Run(target, extra, nullptr, exercise->cpu_time_limit_seconds,
                                         /*lab_code=*/false, filter);
      out << fmt::format("  {}  {}{}\n", verdict.passed ? "miss  " : "catch ", source.Label(),
                         verdict.passed ? "" : " (" + verdict.category + ")");
    }
  }
  out << fmt::format("{} passed, {} failed\n", tally.passed(), tally.failed());
  return tally.failed();
}

}  // namespace racelab
