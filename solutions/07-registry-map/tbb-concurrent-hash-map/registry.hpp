// Exercise 07, solved with tbb::concurrent_hash_map, a map that many threads may use at once
// without a lock of your own. It locks each entry separately through an *accessor*: a
// const_accessor holds the entry's lock shared, so readers of the same name run together; an
// accessor holds it exclusively, so nobody else can read or change that entry until it is
// released.
//
// That makes get-or-create one step: insert(accessor, name) either finds the name or adds it,
// atomically, and a thread that adds it keeps the new entry locked until it has written the id.
// Another thread asking for the same name at that moment waits on the entry's lock, then sees
// the finished id. The map does not number the names, though: the ids come from an atomic
// counter, incremented only by the thread that really added a name, so each new name takes the
// next number and none is skipped.
#pragma once

#include <atomic>
#include <cstddef>
#include <optional>
#include <string>

#include "tbb/concurrent_hash_map.h"

class Registry {
 public:
  int get_or_create(const std::string& name) {
    if (std::optional<int> id = find(name)) return *id;  // the fast path: a shared entry lock
    Ids::accessor entry;                                 // holds the entry's lock exclusively
    if (ids_.insert(entry, name)) {
      // This thread added the name, so it alone numbers it. A counter that two registrations
      // may bump at once must be atomic; no ordering is needed, only one number for each.
      entry->second = next_id_.fetch_add(1, std::memory_order_relaxed);
    }
    return entry->second;  // a new id, or the one another thread wrote before it let go
  }

  std::optional<int> find(const std::string& name) const {
    Ids::const_accessor entry;  // waits while a registering thread still holds the entry
    if (ids_.find(entry, name)) return entry->second;
    return std::nullopt;
  }

  std::size_t size() const { return ids_.size(); }

 private:
  using Ids = tbb::concurrent_hash_map<std::string, int>;
  Ids ids_;
  std::atomic<int> next_id_{0};
};
