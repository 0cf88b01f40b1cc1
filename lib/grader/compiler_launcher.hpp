// The compiler of a submission's tests runs as the test user, like the tests themselves.
//
// A student's header is compiled into the lab's tests, and the compiler reads whatever the
// header names: `#include "/any/file"` shows the file's first lines in the compile error, and
// the assembler's `.incbin` copies a file into the binary. Run as root (Gradescope), that would
// be every file of the machine, and in class mode every other student's work. So the build rules
// of a submission's test targets start the compiler through `racelab run-compiler`, which runs
// it as the test user, without a network, with the grader's hidden folders out of sight (the
// instructor's own tests stay visible only to their own translation units).
//
// The grader turns it on for its build with these environment variables (ninja passes them on);
// without them, run-compiler only runs the compiler as it is.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace racelab {

// The user id the compiler runs as (TestUserId).
inline constexpr const char* kCompileAsVariable = "RACELAB_COMPILE_AS";
// The folders hidden from it, one per line.
inline constexpr const char* kCompileHiddenVariable = "RACELAB_COMPILE_HIDDEN";

// Runs the compiler command `argv` as the environment says, its output into `output` (empty:
// this process's own), and returns its exit status. Before it drops root: the folders of its
// outputs (`-o`, `-MF`) are handed to the test user, the only places it may write.
int RunCompiler(const std::vector<std::string>& argv, const std::filesystem::path& output);

}  // namespace racelab
