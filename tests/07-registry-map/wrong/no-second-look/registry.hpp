// A wrong fix: the lookup under the reader lock, the insert under the writer lock, and nothing
// checks again in between. Every access is locked, so ThreadSanitizer sees no race; but two
// threads can both find a new name missing, and both register it, each with its own id.
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
    std::unique_lock lock(mutex_);
    const int id = next_id_++;
    ids_[name] = id;
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
  int next_id_ = 0;
};
