// The global interpreter lock (GIL): while a thread holds it, no other thread runs bytecode.
//
// Built like CPython's: a `locked` flag guarded by a mutex, and a condition variable on which the
// threads that want the GIL sleep. A thread holds it while it runs a program (see
// interpreter.hpp); every kSwitchInterval instructions it hands the GIL over to a thread that
// waits for it (yield), so that threads take turns; and it lets go around a wait that may block,
// so that another thread can run meanwhile (exercise 11).
//
// Every hand-over goes through the mutex: what one holder wrote, the next holder sees. That is
// why objects may keep plain, non-atomic reference counts as long as only GIL holders touch them.
#pragma once

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "racelab/category.hpp"
#include "racelab/wait_sites.hpp"

namespace mini {

class Gil {
 public:
  // Blocks until the calling thread holds the GIL.
  void acquire() {
    if (held_by_me()) {
      racelab::EndNow(racelab::kDeadlock,
                      "a thread that already holds the GIL asked for it again: it would wait for "
                      "itself forever, and every other thread would wait for it.");
    }
    std::unique_lock lock(mutex_);
    ++waiting_;
    {
      racelab::WaitNote note("the GIL");
      changed_.wait(lock, [&] { return !locked_; });
    }
    --waiting_;
    take();
  }

  // Lets go of the GIL, which the calling thread holds.
  void release() {
    if (!CheckHeld("released")) return;
    {
      std::lock_guard lock(mutex_);
      locked_ = false;
      holder_.store({}, std::memory_order_relaxed);
    }
    changed_.notify_all();
  }

  // If another thread waits for the GIL, hands it over and waits to get it back. The interpreter
  // calls it every kSwitchInterval instructions.
  void yield() {
    if (!CheckHeld("yielded")) return;
    std::unique_lock lock(mutex_);
    if (waiting_ == 0) return;
    const unsigned long turn = turns_;
    locked_ = false;
    holder_.store({}, std::memory_order_relaxed);
    changed_.notify_all();
    ++waiting_;
    {
      racelab::WaitNote note("the GIL, which it handed over");
      changed_.wait(lock, [&] { return turns_ != turn && !locked_; });
    }
    --waiting_;
    take();
  }

  // True if the calling thread holds the GIL.
  bool held_by_me() const {
    return holder_.load(std::memory_order_relaxed) == std::this_thread::get_id();
  }

 private:
  void take() {  // with mutex_ held
    locked_ = true;
    ++turns_;
    holder_.store(std::this_thread::get_id(), std::memory_order_relaxed);
    changed_.notify_all();  // a yielding thread waits for somebody else to take it
  }

  bool CheckHeld(const char* what) const {
    if (held_by_me()) return true;
    racelab::ReportNow(racelab::kWrongResult,
                       std::string("a thread ") + what +
                           " the GIL without holding it: it ran bytecode, touching reference "
                           "counts, while another thread may have held the GIL.");
    return false;
  }

  std::mutex mutex_;
  std::condition_variable changed_;
  bool locked_ = false;
  int waiting_ = 0;          // threads asleep in acquire() or yield()
  unsigned long turns_ = 0;  // how often the GIL was taken
  // Only ever compared by a thread with its own id, which only it stores: relaxed is enough.
  std::atomic<std::thread::id> holder_{};
};

// No GIL at all: every thread runs bytecode whenever it likes (exercise 12).
struct NoGil {
  void acquire() {}
  void release() {}
  void yield() {}
  bool held_by_me() const { return false; }
};

}  // namespace mini
