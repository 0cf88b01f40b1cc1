// A wrong fix: get_or_create() takes the reader lock, like find(), because it usually only reads.
// But a shared lock lets every other reader in, including other threads in get_or_create(), so
// two of them can insert into the map at once: a data race.
// racelab-expects: data-race
#pragma once

#include <cstddef>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>

class Registry {
 public:
  int get_or_create(const std::string& name) {
    std::shared_lock lock(mutex_);
    if (auto found = ids_.find(name); found != ids_.end()) return found->second;
    const int id = static_cast<int>(ids_.size());
    ids_.emplace(name, id);
    return id;
  }

  std::optional<int> find(const std::string& name) const {
    std::shared_lock lock(mutex_);
    if (auto found = ids_.find(name); found != ids_.end()) return found->second;
    return std::nullopt;
  }

  std::size_t size() const {
    std::shared_lock lock(mutex_);
    return ids_.size();
  }

 private:
  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, int> ids_;
};
