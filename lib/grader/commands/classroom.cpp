// `./lab classroom`: writes .github/workflows/classroom.yml, the GitHub Classroom autograding
// workflow of this lab. Each push is graded with the lab's own tests, harness and build files,
// checked out at a pinned commit of the lab's repository, never the student's copies of them
// (students own their repository, tests included); a student's file that differs from the lab's
// is named as tampering and not used. Every exercise reaches Classroom's grading reporter as one
// test with its explained message, and the pull request shows each failure at the student's line.
// Within Classroom's limits: the runner is not root (sudo is there), the environment of a
// command grader is dropped (racelab writes the reporter's input itself), and the instrumented
// Abseil and oneTBB are cached between runs.
#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <regex>

#include "commands/commands.hpp"
#include "git.hpp"

namespace racelab::commands {
namespace fs = std::filesystem;
namespace {

// "owner/name" of the lab's GitHub repository, from its `origin` remote; "" if not on GitHub.
std::string GithubRepository(const fs::path& root) {
  const auto url = Git({"-C", root.string(), "remote", "get-url", "origin"});
  static const std::regex github(R"(github\.com[:/]([\w.-]+/[\w.-]+?)(?:\.git)?\s*$)");
  std::smatch match;
  return url && std::regex_search(*url, match, github) ? match[1].str() : "";
}

}  // namespace

int Classroom(Context& context, const ClassroomOptions& options) {
  const fs::path& root = context.lab.root;
  const std::string repository =
      options.lab_repository.empty() ? GithubRepository(root) : options.lab_repository;
  if (repository.empty()) {
    throw UsageError(
        "the workflow checks out the lab's own files from its GitHub repository, and this "
        "checkout's `origin` is not on GitHub. Name it: ./lab classroom --lab-repository "
        "OWNER/NAME");
  }
  const std::string ref =
      options.lab_ref.empty()
          ? FirstWord(Git({"-C", root.string(), "rev-parse", "HEAD"}).value_or(""))
          : options.lab_ref;
  if (ref.empty()) throw UsageError("cannot tell the lab's commit; name it with --lab-ref");

  const std::vector<const Exercise*> selected = context.Select(options.ids);
  std::string ids;
  int max_score = 0;
  for (const Exercise* exercise : selected) {
    ids += " " + exercise->number();
    max_score += exercise->points;
  }

  const std::string workflow = fmt::format(
      R"yaml(# GitHub Classroom autograding, written by `./lab classroom` (racelab {ref_short}).
# Grades exercises{ids} of racelab with the lab's own tests, harness and build files from
# {repository} at {ref_short}, never this repository's copies of them, and reports each exercise
# to Classroom with its explained message. Write it again after changing the lab.
name: Autograding Tests
"on":
  push:
  workflow_dispatch:
  repository_dispatch:
permissions:
  checks: write
  actions: read
  contents: read
jobs:
  run-autograding-tests:
    name: Autograding Tests
    runs-on: ubuntu-24.04
    if: github.actor != 'github-classroom[bot]'
    timeout-minutes: 60
    env:
      XDG_CACHE_HOME: ${{{{ github.workspace }}}}/.cache
    steps:
      - name: The student's work
        uses: actions/checkout@v4
        with:
          path: submission
      - name: The lab, at the commit this assignment pins
        uses: actions/checkout@v4
        with:
          repository: {repository}
          ref: {ref}
          path: lab
      # Hosted runners use 32 bits of mmap randomness; ThreadSanitizer then dies with
      # "unexpected memory mapping".
      - name: Let ThreadSanitizer map its shadow memory
        run: sudo sysctl -w vm.mmap_rnd_bits=28
      - name: Cache the instrumented Abseil and oneTBB
        uses: actions/cache@v4
        with:
          path: .cache/racelab
          key: racelab-deps-${{{{ runner.os }}}}-tsan-${{{{ hashFiles('lab/cmake/Dependencies.cmake', 'lab/cmake/Sanitizer.cmake') }}}}
      - name: Lab files changed in this repository (not used)
        run: |
          changed=$(cd lab && for f in $(git ls-files tests lib cmake CMakeLists.txt CMakePresets.json lab); do
            cmp -s "$f" "../submission/$f" || echo "$f"; done)
          if [ -n "$changed" ]; then
            echo "::warning title=racelab: lab files changed::These files differ from the lab's and were not used for grading: $(echo $changed)"
            {{ echo "### Tampering"; echo; echo "Changed lab files, not used for grading:"; echo; echo "$changed" | sed 's/^/- /'; }} >> "$GITHUB_STEP_SUMMARY"
          fi
      - name: Grade
        id: racelab
        run: |
          cd lab
          sudo --preserve-env=XDG_CACHE_HOME ./lab grade{ids} --submission ../submission \
            --format markdown --output "$RUNNER_TEMP/summary.md" \
            --report classroom="$RUNNER_TEMP/classroom.json" \
            --report github="$RUNNER_TEMP/annotations.txt" || true
          if [ ! -s "$RUNNER_TEMP/classroom.json" ]; then
            # Set-up or the build of the lab failed: nobody's fault but the machine's.
            echo '{{"version": 1, "status": "error", "max_score": {max_score}, "tests": [{{"name": "racelab", "status": "error", "score": 0, "message": "the lab could not be set up here; see the log of the Grade step"}}]}}' > "$RUNNER_TEMP/classroom.json"
          fi
          cat "$RUNNER_TEMP/summary.md" >> "$GITHUB_STEP_SUMMARY" || true
          cat "$RUNNER_TEMP/annotations.txt" || true
          echo "results=$(base64 -w0 "$RUNNER_TEMP/classroom.json")" >> "$GITHUB_OUTPUT"
      - name: Autograding Reporter
        uses: classroom-resources/autograding-grading-reporter@v1
        env:
          RACELAB_RESULTS: ${{{{ steps.racelab.outputs.results }}}}
        with:
          runners: racelab
)yaml",
      fmt::arg("ref", ref), fmt::arg("ref_short", ref.substr(0, 12)),
      fmt::arg("repository", repository), fmt::arg("ids", ids), fmt::arg("max_score", max_score));

  const fs::path output = options.output.empty() ? root / ".github" / "workflows" / "classroom.yml"
                                                 : fs::path(options.output);
  fs::create_directories(output.parent_path());
  std::ofstream(output) << workflow;
  std::cout << fmt::format(
      "racelab: wrote {}: exercises{} ({} points), graded with the lab from {} at {}.\n"
      "Commit it to the assignment's template repository. The lab's repository must be "
      "readable "
      "by the students' workflows (public, or in the same organization with access "
      "granted).\n",
      output.string(), ids, max_score, repository, ref.substr(0, 12));
  return kAllPass;
}

}  // namespace racelab::commands
