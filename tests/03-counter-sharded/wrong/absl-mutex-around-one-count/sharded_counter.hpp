// A wrong fix of exercise 03: shards, but every increment locks one absl::Mutex shared by all
// threads to "protect" its shard. Correct, and as serialized as one count under one lock.
// racelab-expects: constraint
#pragma once

#include <array>
#include <thread>

#include "absl/synchronization/mutex.h"

class ShardedCounter {
 public:
  void increment() {
    absl::MutexLock lock(&mutex_);
    ++shards_[std::hash<std::thread::id>()(std::this_thread::get_id()) % shards_.size()];
  }
  long value() const {
    absl::MutexLock lock(&mutex_);
    long total = 0;
    for (long shard : shards_) total += shard;
    return total;
  }

 private:
  mutable absl::Mutex mutex_;
  std::array<long, 64> shards_{};
};
