// Exercise 07, solved with a std::shared_mutex: a reader-writer lock. Any number of threads may
// hold it shared at once (std::shared_lock), so lookups run in parallel; a thread that holds it
// exclusively (std::unique_lock) is alone, so registrations change the map with no reader
// inside it.
//
// get_or_create() first looks under the shared lock: for a name that is known already, the
// common case, it never waits for other readers. Only a missing name needs the exclusive lock.
// Between releasing the one and taking the other, another thread may register the very same
// name, so it looks again under the exclusive lock before it inserts: the second look and the
// insert are one critical section, and nothing can slip in between.
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
    if (std::optional<int> id = find(name)) return *id;  // the fast path: readers only
    std::unique_lock lock(mutex_);
    // Look again: someone may have registered `name` since find() released the shared lock.
    // try_emplace inserts only if the name is still missing, and returns the entry either way.
    const auto [entry, inserted] = ids_.try_emplace(name, static_cast<int>(ids_.size()));
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
  mutable std::shared_mutex mutex_;  // shared: reading ids_; exclusive: changing it
  std::unordered_map<std::string, int> ids_;
};
