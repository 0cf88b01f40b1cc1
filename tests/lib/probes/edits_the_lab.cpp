// racelab-probe-expects: pass
// racelab-probe-needs: separate-user
// Code under test that tries to change what grades it or what comes after it (the test binaries
// of other exercises, the lab's tests and harness, the folder where reports are written) cannot:
// when the grader is root, test binaries run as a user of their own, who owns none of it.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace fs = std::filesystem;

// Whether `path` can be opened for writing (without changing it: nothing is written).
bool Writable(const fs::path& path) {
  const int fd = open(path.c_str(), O_WRONLY | O_APPEND);
  if (fd < 0) return false;
  close(fd);
  return true;
}

TEST(Probe, CannotChangeTheLab) {
  const fs::path bin = fs::read_symlink("/proc/self/exe").parent_path();  // build/<preset>/bin
  const fs::path build = bin.parent_path();
  int binaries = 0;
  for (const auto& entry : fs::directory_iterator(bin)) {
    EXPECT_FALSE(Writable(entry.path())) << entry.path();
    ++binaries;
  }
  EXPECT_GT(binaries, 1);
  EXPECT_FALSE(Writable(build / "CMakeCache.txt"));
  EXPECT_FALSE(Writable(build / "build.ninja"));
  EXPECT_FALSE(access(bin.c_str(), W_OK) == 0) << "could add files to " << bin;
  EXPECT_FALSE(access((build / "runs").c_str(), W_OK) == 0) << "could replace other runs' files";
  // The lab itself, as the build tree names it.
  std::ifstream cache(build / "CMakeCache.txt");
  fs::path lab;
  for (std::string line; std::getline(cache, line);) {
    if (line.rfind("CMAKE_HOME_DIRECTORY:", 0) == 0) lab = line.substr(line.find('=') + 1);
  }
  ASSERT_FALSE(lab.empty());
  for (const char* part : {"tests", "lib/harness", "lib/grader", "cmake", "exercises"}) {
    EXPECT_FALSE(access((lab / part).c_str(), W_OK) == 0) << "could change " << lab / part;
  }
  EXPECT_FALSE(Writable(lab / "CMakeLists.txt"));
}
