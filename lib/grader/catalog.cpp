#include "catalog.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <stdexcept>

#include "process.hpp"

namespace racelab {
namespace fs = std::filesystem;

namespace {

std::string Trim(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

std::vector<fs::path> SortedEntries(const fs::path& dir) {
  std::vector<fs::path> entries;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(dir, error)) entries.push_back(entry.path());
  std::sort(entries.begin(), entries.end());
  return entries;
}

Exercise LoadExercise(const fs::path& root, const fs::path& dir) {
  Exercise exercise;
  exercise.id = dir.filename().string();
  const fs::path metadata = dir / "exercise.json";
  try {
    const auto json = nlohmann::json::parse(ReadFile(metadata));
    exercise.title = json.at("title").get<std::string>();
    exercise.level = json.at("level").get<int>();
    exercise.points = json.at("points").get<int>();
    exercise.files = json.at("files").get<std::vector<std::string>>();
    exercise.expected = json.at("expected").get<std::vector<std::string>>();
    exercise.cpu_time_limit_seconds =
        json.value("cpu_time_limit_seconds", Exercise::kDefaultCpuTimeLimitSeconds);
    if (exercise.cpu_time_limit_seconds <= 0)
      throw std::runtime_error("cpu_time_limit_seconds must be > 0");
    exercise.starters = json.value("starters", std::map<std::string, std::string>{});
  } catch (const std::exception& error) {
    throw std::runtime_error(metadata.string() + ": " + error.what());
  }
  for (const fs::path& variant : SortedEntries(root / "solutions" / exercise.id)) {
    if (fs::is_directory(variant)) exercise.solutions.push_back(variant.filename().string());
  }
  for (const fs::path& folder : SortedEntries(root / "tests" / exercise.id / "wrong")) {
    if (!fs::is_directory(folder)) continue;
    WrongFix wrong{folder.filename().string(), {}};
    for (const fs::path& file : SortedEntries(folder)) {
      if (wrong.expected.empty()) wrong.expected = ParseExpects(ReadFile(file));
    }
    if (wrong.expected.empty()) {
      throw std::runtime_error(folder.string() +
                               ": no \"racelab-expects: <category>\" line in its files");
    }
    exercise.wrong_fixes.push_back(std::move(wrong));
  }
  for (const fs::path& source : SortedEntries(root / "tests" / exercise.id)) {
    if (source.extension() != ".cpp") continue;
    for (std::string& name : ParseTestNames(ReadFile(source))) exercise.tests.push_back(name);
  }
  if (exercise.tests.empty()) {
    throw std::runtime_error("tests/" + exercise.id + ": no TEST(...) found");
  }
  exercise.hints = ParseHints(ReadFile(dir / "README.md"));
  return exercise;
}

}  // namespace

Catalog Catalog::Load(const fs::path& root) {
  Catalog catalog;
  for (const fs::path& dir : SortedEntries(root / "exercises")) {
    if (fs::exists(dir / "exercise.json")) catalog.exercises_.push_back(LoadExercise(root, dir));
  }
  // An instructor's own weights, in one file beside the course: {"<id or number>": points}.
  const fs::path weights = root / "points.json";
  if (fs::exists(weights)) {
    try {
      const auto json = nlohmann::json::parse(ReadFile(weights));
      for (const auto& [id, points] : json.items()) {
        const Exercise* found = catalog.Find(id);
        if (found == nullptr) throw std::runtime_error("no exercise '" + id + "'");
        Exercise* exercise =
            &catalog.exercises_[static_cast<std::size_t>(found - catalog.exercises_.data())];
        if (!points.is_number_integer() || points.get<int>() < 0) {
          throw std::runtime_error(id + ": points are a whole number, 0 or more");
        }
        exercise->points = points.get<int>();
      }
    } catch (const std::exception& error) {
      throw std::runtime_error(weights.string() + ": " + error.what());
    }
  }
  return catalog;
}

const Exercise* Catalog::Find(const std::string& id_or_number) const {
  for (const Exercise& exercise : exercises_) {
    if (exercise.id == id_or_number) return &exercise;
  }
  if (!id_or_number.empty() && std::all_of(id_or_number.begin(), id_or_number.end(), ::isdigit)) {
    for (const Exercise& exercise : exercises_) {
      if (std::stoi(exercise.number()) == std::stoi(id_or_number)) return &exercise;
    }
  }
  return nullptr;
}

std::vector<std::string> ParseTestNames(const std::string& source) {
  static const std::regex test(R"(^\s*TEST(?:_F)?\(\s*(\w+)\s*,\s*(\w+)\s*\))");
  std::vector<std::string> names;
  std::istringstream lines(source);
  std::smatch match;
  for (std::string line; std::getline(lines, line);) {
    if (std::regex_search(line, match, test))
      names.push_back(match[1].str() + "." + match[2].str());
  }
  return names;
}

std::vector<std::string> ParseExpects(const std::string& source) {
  static const std::regex expects(R"(racelab-expects: ([a-z-]+(?: or [a-z-]+)*))");
  static const std::regex category(R"([a-z-]+)");
  std::smatch match;
  std::vector<std::string> categories;
  if (!std::regex_search(source, match, expects)) return categories;
  const std::string list = match[1].str();
  for (auto it = std::sregex_iterator(list.begin(), list.end(), category);
       it != std::sregex_iterator(); ++it) {
    if (it->str() != "or") categories.push_back(it->str());
  }
  return categories;
}

std::vector<std::string> ParseHints(const std::string& readme) {
  static const std::regex details(R"(<details>\s*<summary>[^<]*</summary>([\s\S]*?)</details>)");
  std::vector<std::string> hints;
  for (auto it = std::sregex_iterator(readme.begin(), readme.end(), details);
       it != std::sregex_iterator(); ++it) {
    hints.push_back(Trim((*it)[1].str()));
  }
  return hints;
}

}  // namespace racelab
