// The schedule explorer (lib/explorer) as the grader uses it: `./lab explain` to tell a story,
// and grading, where a failing schedule is evidence against code whose tests passed.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "catalog.hpp"
#include "story.hpp"

namespace racelab {

// Whether the exercise declares a scenario for the explorer (tests/<id>/scenario.cpp).
bool HasScenario(const std::filesystem::path& root, const Exercise& exercise);

// The scenario binary's target for a test target: "01-counter-mutex.exercise" ->
// "01-counter-mutex.explore.exercise".
std::string ExploreTargetOf(const Exercise& exercise, const std::string& test_target);

// Why the explorer cannot follow the exercise's files in `dir`, or "": Abseil's and oneTBB's
// locks wait in futex calls of their own, which the explorer's scheduler does not see.
std::string NotExplorable(const Exercise& exercise, const std::filesystem::path& dir);

// `addr2line` on `binary`: each address's inline chain, innermost first.
Symbols Symbolize(const std::filesystem::path& binary, const std::vector<std::uint64_t>& addresses,
                  const std::filesystem::path& scratch);

// What a story needs: the explorer's JSON, the symbols of its addresses, the student's lines.
StoryInput StoryInputFor(const Exercise& exercise, const nlohmann::json& explored,
                         const std::filesystem::path& binary, const std::filesystem::path& scratch,
                         const std::string& replay_command);

// The outcomes of a failing schedule that grading takes as evidence: the explorer saw the
// code itself go wrong. A crash, a run given up or code the explorer cannot follow (threads it
// starts itself) prove nothing about the student's code, and never fail a grade.
bool IsEvidence(const std::string& outcome);

}  // namespace racelab
