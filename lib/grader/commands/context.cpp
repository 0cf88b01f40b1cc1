#include "commands/context.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <regex>

namespace racelab::commands {

std::vector<const Exercise*> Context::Select(const std::vector<std::string>& ids) const {
  std::vector<const Exercise*> selected;
  if (ids.empty()) {
    for (const Exercise& exercise : catalog.exercises()) selected.push_back(&exercise);
    return selected;
  }
  static const std::regex range(R"((\d+)-(\d+))");
  for (const std::string& id : ids) {
    const Exercise* exercise = catalog.Find(id);
    std::smatch bounds;
    if (exercise == nullptr && std::regex_match(id, bounds, range)) {
      // "00-05": every exercise numbered from 0 to 5, as an assignment that is part of the course
      const int first = std::stoi(bounds[1]), last = std::stoi(bounds[2]);
      const std::size_t before = selected.size();
      for (const Exercise& e : catalog.exercises()) {
        const int number = std::stoi(e.number());
        if (number >= first && number <= last) selected.push_back(&e);
      }
      if (selected.size() > before) continue;
    }
    if (exercise == nullptr) {
      std::string known;
      for (const Exercise& e : catalog.exercises()) known += "\n  " + e.id;
      throw UsageError(fmt::format("no exercise '{}'. The exercises are:{}", id, known));
    }
    selected.push_back(exercise);
  }
  return selected;
}

const Exercise& Context::SelectOne(const std::string& id) const { return *Select({id}).front(); }

std::vector<std::string> Context::Order() const {
  std::vector<std::string> order;
  for (const Exercise& exercise : catalog.exercises()) order.push_back(exercise.id);
  return order;
}

Progress Context::LoadProgress() const {
  std::string problem;
  Progress progress = Progress::Load(Progress::FileOf(lab.root), &problem);
  if (!problem.empty()) std::cerr << "racelab: " << problem << "; starting afresh\n";
  return progress;
}

void Context::SaveProgress(const Progress& progress) const {
  if (!progress.Save()) {
    std::cerr << "racelab: cannot save your progress in " << Progress::FileOf(lab.root).string()
              << "\n";
  }
}

void Context::RecordProgress(const std::vector<Result>& results) const {
  const bool any = std::any_of(results.begin(), results.end(), [](const Result& result) {
    return result.source.kind == Source::kExercise;
  });
  if (!any) return;  // solutions, wrong fixes, a submission: not the student's progress
  Progress progress = LoadProgress();
  for (const Result& result : results) {
    if (result.source.kind == Source::kExercise) {
      progress.Record(result.exercise->id, result.verdict.passed);
    }
  }
  SaveProgress(progress);
}

bool AllPassed(const std::vector<Result>& results) {
  return std::all_of(results.begin(), results.end(),
                     [](const Result& result) { return result.verdict.passed; });
}

}  // namespace racelab::commands
