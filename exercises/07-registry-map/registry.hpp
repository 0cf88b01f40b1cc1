// Exercise 07: a registry that gives every name a small number, its id.
//
// Many threads look names up at once, and now and then one of them meets a name that has no id
// yet and registers it. On one thread, get_or_create() is fine: look the name up, and if it is
// missing, add it with the next id. On several, two threads can both find the same new name
// missing and both register it, or take the same "next id" for two different names. And the
// unordered_map itself is written by one thread while others read it: an insert may rehash the
// whole table under a reader's feet.
//
// Task: make Registry safe for many threads at once. Lookups (find, size) are far more common
// than registrations, so they must be able to run in parallel with each other: use a
// reader-writer lock or a concurrent map. Keep the public interface as it is.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <unordered_map>

class Registry {
 public:
  // The id of `name`; registers it with the next free id (0, 1, 2, ...) if it has none yet.
  // One name never gets two ids, and no two names share one. Many threads at once.
  int get_or_create(const std::string& name) {
    if (auto found = ids_.find(name); found != ids_.end()) return found->second;
    const int id = static_cast<int>(ids_.size());
    ids_.emplace(name, id);
    return id;
  }

  // The id of `name`, or nothing if it was never registered. Many readers at once.
  std::optional<int> find(const std::string& name) const {
    if (auto found = ids_.find(name); found != ids_.end()) return found->second;
    return std::nullopt;
  }

  // How many names have an id.
  std::size_t size() const { return ids_.size(); }

 private:
  std::unordered_map<std::string, int> ids_;
};
