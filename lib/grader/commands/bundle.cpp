// `./lab bundle`: everything the set-up would download, in one archive, for a room on weak Wi-Fi.
//
// The archive holds the dependency cache's source tarballs (Abseil and oneTBB, which every
// compiler can build) and the instrumented builds of this preset (usable only with the same
// compiler and version; `./lab setup --from FILE` on another compiler builds from the sources).
// It unpacks into the dependency cache (RACELAB_CACHE_DIR) as it was: src/ and deps/<key>/.
#include <fmt/format.h>

#include <ctime>
#include <fstream>
#include <iostream>

#include "commands/commands.hpp"
#include "grade.hpp"
#include "process.hpp"

namespace racelab::commands {
namespace fs = std::filesystem;

namespace {

// The folder under <cache>/deps/ that holds this build's instrumented packages, from where CMake
// found Abseil (<cache>/deps/<key>/lib/cmake/absl).
fs::path InstrumentedBuilds(const fs::path& cache, const fs::path& absl_dir) {
  const fs::path deps = cache / "deps";
  const fs::path relative = absl_dir.lexically_relative(deps);
  if (relative.empty() || *relative.begin() == "..") return {};
  return deps / *relative.begin();
}

}  // namespace

int Bundle(Context& context, const BundleOptions& options) {
  const fs::path& build = context.lab.build_dir;
  const fs::path cache = CMakeCacheEntry(build, "RACELAB_CACHE_DIR");
  if (cache.empty() || !fs::is_directory(cache / "src")) {
    throw SetupError("the dependency cache is not set up yet: run ./lab setup first");
  }
  std::vector<std::string> parts;
  for (const auto& entry : fs::directory_iterator(cache / "src")) {
    if (entry.is_regular_file()) parts.push_back("src/" + entry.path().filename().string());
  }
  if (parts.empty()) throw SetupError("no dependency sources in " + (cache / "src").string());
  const fs::path builds = InstrumentedBuilds(cache, CMakeCacheEntry(build, "absl_DIR"));
  if (!builds.empty()) parts.push_back(fs::relative(builds, cache).string());

  // What is inside, for `./lab setup --from` to say, and to know the archive for one of ours.
  const std::string compiler = RACELAB_COMPILER;
  std::ofstream(cache / "racelab-bundle.txt") << fmt::format(
      "racelab bundle\npreset: {}\ncompiler: {}\ninstrumented builds: {}\n", context.lab.preset,
      compiler, builds.empty() ? "none" : builds.filename().string());
  parts.insert(parts.begin(), "racelab-bundle.txt");

  const fs::path output = fs::absolute(options.output);
  Command tar{
      {"cmake", "-E", "tar", "czf", output.string(), "--"}, build / "logs" / "bundle.log", 1800};
  tar.argv.insert(tar.argv.end(), parts.begin(), parts.end());
  tar.working_dir = cache;
  fs::create_directories(build / "logs");
  if (!RunCommand(tar).exited_ok()) {
    throw SetupError("writing the bundle failed:\n" + ReadFile(tar.output, 4096));
  }
  std::cerr << fmt::format(
      "racelab: wrote {} ({:.0f} MB): the sources of Abseil and oneTBB{}.\n"
      "On each machine: ./lab setup --from {}\n"
      "It saves the downloads of the dependencies; the system packages (compiler, CMake, "
      "GoogleTest) still come from the distribution's mirror, or from a machine image.\n",
      output.string(), static_cast<double>(fs::file_size(output)) / (1 << 20),
      builds.empty() ? ""
                     : fmt::format(", and their instrumented builds for {} (preset {})", compiler,
                                   context.lab.preset),
      output.filename().string());
  return kAllPass;
}

}  // namespace racelab::commands
