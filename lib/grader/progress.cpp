#include "progress.hpp"

#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>

#include "process.hpp"

namespace racelab {
namespace fs = std::filesystem;

fs::path Progress::FileOf(const fs::path& root) { return root / ".racelab-progress.json"; }

Progress Progress::Load(const fs::path& file, std::string* problem) {
  Progress progress;
  progress.file_ = file;
  std::error_code error;
  if (!fs::exists(file, error)) return progress;
  try {
    const auto json = nlohmann::json::parse(ReadFile(file));
    const auto passed = json.value("passed", std::vector<std::string>{});
    progress.passed_.insert(passed.begin(), passed.end());
    progress.current_ = json.value("current", "");
    progress.hints_seen_ = json.value("hints_seen", std::map<std::string, int>{});
  } catch (const nlohmann::json::exception& bad) {
    if (problem != nullptr) *problem = file.string() + " is not valid progress: " + bad.what();
    Progress fresh;
    fresh.file_ = file;
    return fresh;
  }
  return progress;
}

bool Progress::Save() const {
  const nlohmann::ordered_json json = {
      {"current", current_},
      {"passed", std::vector<std::string>(passed_.begin(), passed_.end())},
      {"hints_seen", hints_seen_},
  };
  // Named by this process: two graders saving at once never write into one temporary file.
  const fs::path temporary = file_.string() + "." + std::to_string(getpid()) + ".tmp";
  std::error_code error;
  {
    std::ofstream out(temporary);
    out << json.dump(2) << "\n";
    if (!out) {
      fs::remove(temporary, error);
      return false;
    }
  }
  fs::rename(temporary, file_, error);
  if (!error) return true;
  fs::remove(temporary, error);
  return false;
}

void Progress::Record(const std::string& id, bool passed) {
  if (passed) {
    passed_.insert(id);
  } else {
    passed_.erase(id);
  }
}

int Progress::hints_seen(const std::string& id) const {
  const auto seen = hints_seen_.find(id);
  return seen == hints_seen_.end() ? 0 : seen->second;
}

void Progress::SawHint(const std::string& id, int number) {
  hints_seen_[id] = std::max(hints_seen(id), number);
}

std::optional<std::string> Progress::NextUnfinished(const std::vector<std::string>& order,
                                                    const std::string& after) const {
  const auto position = std::find(order.begin(), order.end(), after);
  const std::size_t start =
      position == order.end() ? 0 : static_cast<std::size_t>(position - order.begin()) + 1;
  for (std::size_t i = 0; i < order.size(); ++i) {
    const std::string& id = order[(start + i) % order.size()];
    if (!passed(id)) return id;
  }
  return std::nullopt;
}

std::optional<std::string> Progress::NextToDo(const std::vector<std::string>& order) const {
  const bool known = std::find(order.begin(), order.end(), current_) != order.end();
  if (known && !passed(current_)) return current_;
  return NextUnfinished(order, current_);
}

}  // namespace racelab
