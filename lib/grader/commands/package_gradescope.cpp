// `./lab package gradescope --output autograder.zip [ids...]`: a Gradescope autograder. The zip
// holds, at its root, what Gradescope runs (platforms/gradescope/):
//   setup.sh        once, as root, when Gradescope builds the image: packages, CMake >= 3.25,
//                   the instrumented dependencies and the grader;
//   run_autograder  for every submission: grades /autograder/submission into
//                   /autograder/results/results.json, and writes one even when the lab fails;
// and beside them the students' copy of the lab (lab/), the dependency sources (deps/, so the
// image needs no download but the system packages), the assignment's exercises (assignment),
// and the instructor's own tests (extra-tests/), if any.
#include <fmt/format.h>

#include <fstream>
#include <iostream>

#include "commands/commands.hpp"
#include "process.hpp"

namespace racelab::commands {
namespace fs = std::filesystem;
namespace {

// Copies the dependency sources this build used into `to`; returns how many.
int CopyDependencySources(const fs::path& build_dir, const fs::path& to) {
  const fs::path sources = fs::path(CMakeCacheEntry(build_dir, "RACELAB_CACHE_DIR")) / "src";
  fs::create_directories(to);
  int copied = 0;
  const std::string names = RACELAB_DEPENDENCY_SOURCES;  // "a.tar.gz,b.tar.xz,..."
  for (std::size_t at = 0, end; at <= names.size(); at = end + 1) {
    end = std::min(names.find(',', at), names.size());
    const std::string name = names.substr(at, end - at);
    if (!name.empty() && fs::is_regular_file(sources / name)) {
      fs::copy_file(sources / name, to / name, fs::copy_options::overwrite_existing);
      ++copied;
    }
  }
  return copied;
}

}  // namespace

int PackageGradescope(Context& context, const PackageOptions& options) {
  const fs::path zip = fs::absolute(options.output);
  if (zip.extension() != ".zip") throw UsageError("--output names the .zip to write");
  const std::vector<const Exercise*> selected = context.Select(options.ids);
  const fs::path stage = context.lab.build_dir / "package" / "gradescope";
  fs::remove_all(stage);
  fs::create_directories(stage);

  const CopyCounts counts = WriteStudentCopy(context, stage / "lab");
  if (fs::is_regular_file(context.lab.root / "points.json")) {
    fs::copy_file(context.lab.root / "points.json", stage / "lab" / "points.json");
  }
  const fs::path scripts = context.lab.root / "lib" / "grader" / "platforms" / "gradescope";
  for (const char* script : {"setup.sh", "run_autograder"}) {
    fs::copy_file(scripts / script, stage / script);
  }
  if (CopyDependencySources(context.lab.build_dir, stage / "deps") < 2) {
    throw SetupError(
        "the dependency sources are not in the cache this build used; run ./lab setup first");
  }
  {
    std::ofstream assignment(stage / "assignment");
    if (!options.ids.empty()) {
      for (const Exercise* exercise : selected) assignment << exercise->id << " ";
    }
    assignment << "\n";
  }
  if (!options.extra_tests.empty()) {
    fs::copy(options.extra_tests, stage / "extra-tests", fs::copy_options::recursive);
    std::ofstream(stage / "extra-tests-visibility") << options.extra_tests_visibility << "\n";
  }

  fs::remove(zip);
  Command pack{{"cmake", "-E", "tar", "cf", zip.string(), "--format=zip", "--", "setup.sh",
                "run_autograder", "assignment", "lab", "deps"},
               context.lab.build_dir / "logs" / "package.log",
               600};
  if (!options.extra_tests.empty()) {
    pack.argv.insert(pack.argv.end(), {"extra-tests", "extra-tests-visibility"});
  }
  pack.working_dir = stage;
  fs::create_directories(pack.output.parent_path());
  if (!RunCommand(pack).exited_ok()) {
    throw SetupError("writing the zip failed: " + ReadFile(pack.output, 4096));
  }
  std::cout << fmt::format(
      "racelab: wrote {} ({} exercises{}; lab commit {}, {} files).\n"
      "On Gradescope: a programming assignment, autograder \"Zip file upload\", base image "
      "Ubuntu 22.04, at least 1 CPU and 2 GB of memory for a quick build (0.5 CPU and 768 MB "
      "work, slower).\n",
      zip.string(), selected.size(),
      options.extra_tests.empty() ? "" : ", with the instructor's own tests",
      counts.commit.substr(0, 12), counts.copied);
  return kAllPass;
}

}  // namespace racelab::commands
