// What the compiler said about a student's code, retold briefly: the first error with the notes
// that belong to it, and Clang's thread-safety warnings about the student's files. Reads the
// diagnostics of GCC and Clang, as ninja prints them.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "classify.hpp"

namespace racelab {

// One error or warning with everything the compiler printed for it: the context before it
// ("In instantiation of ...", "required from here"), its source excerpt, and its notes.
struct Diagnostic {
  std::string severity;  // "error" (also for a fatal error) or "warning"
  std::string file;      // as printed
  int line = 0;
  std::string message;             // the text after "error: "
  std::vector<std::string> lines;  // the whole block, as printed
};

// The errors and warnings in `output`, in order.
std::vector<Diagnostic> ParseDiagnostics(const std::string& output);

// The output of each target's build steps in a ninja log, by target name (the "CMakeFiles/<target>
// .dir/" of its step lines). Targets that were up to date are absent.
std::map<std::string, std::string> OutputByTarget(const std::string& ninja_output);

// A ninja log without the output of the steps that compiled a file inside `folder`, and, in
// `removed`, what those steps printed (empty if none failed). The instructor's own tests, held
// back from the student, must not show in a compile error the student reads: a header can
// redefine their assertion macros to print their arguments.
std::string WithoutStepsCompiling(const std::string& ninja_output,
                                  const std::filesystem::path& folder, std::string* removed);

// The verdict for a student file that does not compile: the first error, its notes intact,
// paths relative to `root`, and the line of the student's file that leads to it.
Verdict CompileError(const std::string& build_output, const std::filesystem::path& root);

// Clang's -Wthread-safety warnings about the student's files in `build_output`, each with its
// notes, paths relative to `root`; "" if there are none.
std::string ThreadSafetyWarnings(const std::string& build_output,
                                 const std::filesystem::path& root);

}  // namespace racelab
