// Rules about what the student's file may use, checked on its text.
//
// Some lessons forbid a primitive (02: no lock of any kind) or require one (20: a TBB
// reduction). The rule reads the student's file with comments and string literals removed and
// looks for whole identifiers, so `// no mutex here` is fine and `std::mutex m;` is not.
// #include lines are skipped: including <mutex> uses nothing, declaring a std::mutex does.
// A macro with a body could hide an identifier from the rule, so a file with rules may not
// define one.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace racelab {

class SourceFile {
 public:
  // Reads `path`; a file that cannot be read fails the current test.
  static SourceFile Read(const std::string& path);
  // For tests of the rules themselves.
  static SourceFile FromText(std::string name, std::string_view text);

  const std::string& name() const { return name_; }
  // The 1-based line of the first use of `identifier`, or 0 if it is not used.
  int LineOf(std::string_view identifier) const;
  // The 1-based line of the first #define with a body, or 0.
  int MacroLine() const { return macro_line_; }

 private:
  struct Token {
    std::string text;
    int line;
  };
  std::string name_;
  std::vector<Token> identifiers_;
  int macro_line_ = 0;
};

// Fails the current test with `constraint` if `file` uses any of `forbidden`.
void ExpectNoneUsed(const SourceFile& file, std::initializer_list<std::string_view> forbidden,
                    std::string_view why);

// Fails the current test with `constraint` if `file` uses none of `required`.
void ExpectOneUsed(const SourceFile& file, std::initializer_list<std::string_view> required,
                   std::string_view why);

}  // namespace racelab

namespace racelab {

// The folder that holds the student-editable files this test binary was compiled with. Defined
// for each exercise target by the build (cmake/Exercises.cmake), outside the test's own
// translation unit, so that every test shares one precompiled GoogleTest.
std::string_view StudentDir();

// The student's file `name`, as this test binary was compiled with it.
inline SourceFile StudentFile(std::string_view name) {
  return SourceFile::Read(std::string(StudentDir()) + "/" + std::string(name));
}

}  // namespace racelab
