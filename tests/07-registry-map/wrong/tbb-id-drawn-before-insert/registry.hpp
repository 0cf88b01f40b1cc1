// A wrong fix: tbb::concurrent_hash_map's insert() is atomic, so no name gets two ids. But the
// id is drawn from the counter before insert() knows whether the name is new. When two threads
// ask for the same new name at once, both draw an id and only one is used: the other number is
// lost, and the ids have gaps. No data race; the ids are just not 0, 1, 2, ...
// racelab-expects: wrong-result
#pragma once

#include <atomic>
#include <cstddef>
#include <optional>
#include <string>

#include "tbb/concurrent_hash_map.h"

class Registry {
 public:
  int get_or_create(const std::string& name) {
    if (std::optional<int> id = find(name)) return *id;
    Ids::accessor entry;
    ids_.insert(entry, Ids::value_type(name, next_id_.fetch_add(1)));  // only if missing
    return entry->second;
  }

  std::optional<int> find(const std::string& name) const {
    Ids::const_accessor entry;
    if (ids_.find(entry, name)) return entry->second;
    return std::nullopt;
  }

  std::size_t size() const { return ids_.size(); }

 private:
  using Ids = tbb::concurrent_hash_map<std::string, int>;
  Ids ids_;
  std::atomic<int> next_id_{0};
};
