// Watched locks (watched_locks.hpp): the records behind them, and the hooks the lock and unlock
// wrappers call. The wrappers declare the hooks weak: in a test binary that never watches a lock,
// this file is not linked and they call nothing.
#include "racelab/watched_locks.hpp"

#include <array>
#include <atomic>
#include <cstdint>
#include <utility>

#include "racelab/thread_state.hpp"

namespace racelab {
namespace {

constexpr int kMaxThreads = 256;

// One record per thread that ever called a lock while locks were watched.
struct Record {
  std::atomic<pid_t> tid{0};
  std::atomic<std::uintptr_t> wants{0};  // the lock of the lock call it is in, or 0
  std::atomic<std::uint64_t> holds{0};   // bit i: it holds watched lock i
};
std::array<Record, kMaxThreads> records;

std::atomic<WatchedLocks*> active{nullptr};

Record* Mine() {
  thread_local Record* mine = [] {
    const pid_t tid = CurrentThreadId();
    for (Record& record : records) {
      pid_t free = 0;
      if (record.tid.compare_exchange_strong(free, tid, std::memory_order_relaxed)) return &record;
    }
    return static_cast<Record*>(nullptr);
  }();
  return mine;
}

const Record* Find(pid_t tid) {
  for (const Record& record : records) {
    if (record.tid.load(std::memory_order_relaxed) == tid) return &record;
  }
  return nullptr;
}

}  // namespace

struct WatchedLocksAccess {
  // The index of `lock` among the watched locks, or -1.
  static int IndexOf(const WatchedLocks& watched, const void* lock) {
    for (std::size_t i = 0; i < watched.locks_.size(); ++i) {
      if (watched.locks_[i] == lock) return static_cast<int>(i);
    }
    return -1;
  }
  static std::string Name(const WatchedLocks& watched, int index) {
    return watched.noun_ + " " + std::to_string(index);
  }
  static const std::function<void(int)>& Taken(const WatchedLocks& watched) {
    return watched.taken_;
  }
};

WatchedLocks::WatchedLocks(std::vector<std::mutex>& locks, std::string noun)
    : noun_(std::move(noun)) {
  for (std::size_t i = 0; i < locks.size() && i < 64; ++i) {
    // std::mutex::native_handle() is the pthread_mutex_t the wrappers see.
    locks_.push_back(locks[i].native_handle());
  }
  for (Record& record : records) record.holds.store(0, std::memory_order_relaxed);
  active.store(this, std::memory_order_relaxed);
}

WatchedLocks::~WatchedLocks() { active.store(nullptr, std::memory_order_relaxed); }

void WatchedLocks::OnTaken(std::function<void(int lock)> taken) { taken_ = std::move(taken); }

std::string WatchedLocks::Describe(pid_t tid) {
  const WatchedLocks* watched = active.load(std::memory_order_relaxed);
  if (watched == nullptr) return "";
  const Record* record = Find(tid);
  const std::uint64_t holds = record == nullptr ? 0 : record->holds.load(std::memory_order_relaxed);
  std::string text;
  for (std::size_t i = 0; i < watched->locks_.size(); ++i) {
    if ((holds >> i & 1) == 0) continue;
    text += (text.empty() ? "holds " : " and ") + WatchedLocksAccess::Name(*watched, int(i));
  }
  if (text.empty()) text = "holds no " + watched->noun_;
  const auto wants = record == nullptr ? 0 : record->wants.load(std::memory_order_relaxed);
  const int wanted = WatchedLocksAccess::IndexOf(*watched, reinterpret_cast<const void*>(wants));
  if (wanted >= 0) text += ", waits for " + WatchedLocksAccess::Name(*watched, wanted);
  return text;
}

std::string DescribeWatchedLocks(pid_t tid) { return WatchedLocks::Describe(tid); }

// What the wrappers call. Each does nothing while no lock is watched.
void WatchedLockWanted(const void* lock) {
  if (active.load(std::memory_order_relaxed) == nullptr) return;
  if (Record* record = Mine()) {
    record->wants.store(reinterpret_cast<std::uintptr_t>(lock), std::memory_order_relaxed);
  }
}

void WatchedLockTaken(const void* lock) {
  const WatchedLocks* watched = active.load(std::memory_order_relaxed);
  if (watched == nullptr) return;
  Record* record = Mine();
  if (record != nullptr) record->wants.store(0, std::memory_order_relaxed);
  const int index = WatchedLocksAccess::IndexOf(*watched, lock);
  if (index < 0) return;
  if (record != nullptr) {
    record->holds.fetch_or(std::uint64_t{1} << index, std::memory_order_relaxed);
  }
  if (const auto& taken = WatchedLocksAccess::Taken(*watched)) taken(index);
}

void WatchedLockReleased(const void* lock) {
  const WatchedLocks* watched = active.load(std::memory_order_relaxed);
  if (watched == nullptr) return;
  const int index = WatchedLocksAccess::IndexOf(*watched, lock);
  if (index < 0) return;
  if (Record* record = Mine()) {
    record->holds.fetch_and(~(std::uint64_t{1} << index), std::memory_order_relaxed);
  }
}

}  // namespace racelab
