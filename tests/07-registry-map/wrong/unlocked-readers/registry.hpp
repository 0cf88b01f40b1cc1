// A wrong fix: get_or_create() is locked, but find() and size() are not, because "they only
// read". They read while a registration writes, and an insert may even rehash the table under
// them: a data race.
// racelab-expects: data-race
#pragma once

#include <cstddef>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>

class Registry {
 public:
  int get_or_create(const std::string& name) {
    std::unique_lock lock(mutex_);
    const auto [entry, inserted] = ids_.try_emplace(name, static_cast<int>(ids_.size()));
    return entry->second;
  }

  std::optional<int> find(const std::string& name) const {
    if (auto found = ids_.find(name); found != ids_.end()) return found->second;
    return std::nullopt;
  }

  std::size_t size() const { return ids_.size(); }

 private:
  std::shared_mutex mutex_;
  std::unordered_map<std::string, int> ids_;
};
