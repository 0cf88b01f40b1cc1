// A notify sent before the change it announces, outside the lock: the waiter it wakes finds
// nothing changed and waits again, and nothing will notify it any more (a lost wake-up). The
// explorer ends the run as a deadlock: the taker waits on `ready`, and no thread is left.
#include <condition_variable>
#include <mutex>
#include <string>

#include "racelab/explore.hpp"

struct Mailbox {
  std::mutex mu;
  std::condition_variable ready;
  bool full = false;
};

RACELAB_SCENARIO(scenario) {
  auto* box = new Mailbox;
  scenario.Thread("put()", [=] {
    box->ready.notify_one();  // wrong: before the change
    std::lock_guard lock(box->mu);
    box->full = true;
  });
  scenario.Thread("take()", [=] {
    std::unique_lock lock(box->mu);
    box->ready.wait(lock, [=] { return box->full; });
  });
  scenario.Check([]() -> std::string { return ""; });
}
