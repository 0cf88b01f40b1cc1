// A wrong fix: it looks again under the writer lock (try_emplace inserts only if the name is
// still missing), but it chose the new id before taking that lock, from size(). Two threads
// registering two different names at the same moment both read the same size, and the two
// names share one id. Every access is locked: no data race, only a wrong result.
// racelab-expects: wrong-result
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
    if (std::optional<int> id = find(name)) return *id;
    const int next = static_cast<int>(size());
    std::unique_lock lock(mutex_);
    const auto [entry, inserted] = ids_.try_emplace(name, next);
    return entry->second;
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
