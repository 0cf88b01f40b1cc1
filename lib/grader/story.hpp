// The story of a failing schedule found by the explorer (lib/explorer): one column per thread,
// the steps other threads can see in the order they ran, each with the student's file:line,
// the operation and the values read and written, then the sentence that says what went wrong.
// Pure: the explorer's JSON and the symbols of the addresses in it in, text out.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace racelab {

struct SourceFrame {
  std::string function;
  std::string file;  // as the debug information gives it (absolute)
  int line = 0;
};
// An address -> its inline chain, innermost first (what `addr2line -i` prints).
using Symbols = std::map<std::uint64_t, std::vector<SourceFrame>>;

struct StoryInput {
  nlohmann::json explored;                 // what the scenario binary printed
  Symbols symbols;                         // of every address AddressesToSymbolize() returned
  std::vector<std::string> student_files;  // the exercise's files, by name ("counter.hpp")
  std::function<std::string(const std::string& file, int line)> source_line;  // "" if unknown
  std::string replay_command;  // "./lab explain 01": the story adds " --schedule ..."
};

// The addresses to symbolize (each a call's return address minus one, so that it falls inside
// the call's own line).
std::vector<std::uint64_t> AddressesToSymbolize(const nlohmann::json& explored);

// One step of the story.
struct StoryStep {
  int index = 0;           // in the run
  int thread = 0;          // 1-based
  std::string text;        // "reads  count_ == 0"
  std::string location;    // "counter.hpp:14"
  std::uint64_t word = 0;  // the 8-byte word it touched; 0 for none
  bool writes = false;
  std::string library;  // the library function it ran in ("operator="), or "" for the student's
  int grouped = 1;      // steps in a row inside the same library call, told as one
};

struct Story {
  std::vector<std::string> threads;  // "thread 1: increment()"
  std::vector<StoryStep> steps;
  std::string ending;                          // the sentence that says what went wrong
  std::vector<std::pair<int, int>> conflicts;  // pairs of indexes into `steps`
};

// The story of the failing run in `input.explored`; its ending is empty if the run did not fail.
Story TellStory(const StoryInput& input);

// The story as text, columns and all, with the search's numbers and the replay line.
std::string StoryText(const Story& story, const StoryInput& input);

// The story as JSON: the explorer's numbers and the steps with their text and location.
nlohmann::json StoryJson(const Story& story, const StoryInput& input);

// The story as an SVG timeline: one lane per thread, time from left to right, the conflicting
// steps joined.
std::string StorySvg(const Story& story);

}  // namespace racelab
