// A student's progress, kept between runs in a small JSON file at the lab's root
// (.racelab-progress.json, ignored by git): which exercises passed when last checked, the one
// being worked on, and how many hints of each were seen.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace racelab {

class Progress {
 public:
  // The progress file of the lab at `root`.
  static std::filesystem::path FileOf(const std::filesystem::path& root);

  // Reads `file`. A missing file is a fresh start; so is one that cannot be read as progress,
  // and then `*problem` (if given) says why.
  static Progress Load(const std::filesystem::path& file, std::string* problem = nullptr);

  // Writes the progress to the file it was loaded from, whole: through a temporary file and a
  // rename, so that an interrupted write never leaves half a file. False if it cannot be written.
  bool Save() const;

  // Whether `id` passed when it was last checked.
  bool passed(const std::string& id) const { return passed_.count(id) != 0; }
  void Record(const std::string& id, bool passed);

  // The exercise being worked on; "" before the first.
  const std::string& current() const { return current_; }
  void set_current(const std::string& id) { current_ = id; }

  // How many hints of `id` were seen: the highest hint number shown.
  int hints_seen(const std::string& id) const;
  void SawHint(const std::string& id, int number);

  // The first exercise of `order` that has not passed, looking from the one after `after` (from
  // the start when `after` is "" or not in `order`) and round to the start; nullopt if every one
  // passed.
  std::optional<std::string> NextUnfinished(const std::vector<std::string>& order,
                                            const std::string& after = "") const;

  // The exercise to work on now: the current one while it has not passed, else the next
  // unfinished one after it; nullopt if every exercise of `order` passed.
  std::optional<std::string> NextToDo(const std::vector<std::string>& order) const;

 private:
  std::filesystem::path file_;
  std::set<std::string> passed_;
  std::string current_;
  std::map<std::string, int> hints_seen_;
};

}  // namespace racelab
