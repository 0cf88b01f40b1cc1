// Exercise 07, solved with absl::Mutex used as a reader-writer lock. absl::ReaderMutexLock holds
// the mutex shared, so lookups run in parallel with each other; absl::WriterMutexLock (the same
// as absl::MutexLock) holds it exclusively, so a registration changes the map with nobody
// inside it. ABSL_GUARDED_BY lets Clang's -Wthread-safety check, when it compiles, that ids_ is
// never touched without the mutex, and never written under a reader lock.
//
// A missing name is looked up a second time under the writer lock: between the reader lock's
// release and the writer lock, another thread may have registered the same name.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <unordered_map>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

class Registry {
 public:
  int get_or_create(const std::string& name) {
    if (std::optional<int> id = find(name)) return *id;  // known already: readers only
    absl::WriterMutexLock lock(&mutex_);
    // Look again, then insert, in one critical section.
    const auto [entry, inserted] = ids_.try_emplace(name, static_cast<int>(ids_.size()));
    return entry->second;
  }

  std::optional<int> find(const std::string& name) const {
    absl::ReaderMutexLock lock(&mutex_);
    if (auto found = ids_.find(name); found != ids_.end()) return found->second;
    return std::nullopt;
  }

  std::size_t size() const {
    absl::ReaderMutexLock lock(&mutex_);
    return ids_.size();
  }

 private:
  mutable absl::Mutex mutex_;
  std::unordered_map<std::string, int> ids_ ABSL_GUARDED_BY(mutex_);
};
