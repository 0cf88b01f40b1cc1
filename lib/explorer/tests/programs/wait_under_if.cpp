// A value handed over with a condition variable whose wait is under an `if`: a wait may end
// without a notify (a spurious wake-up, which the standard allows), and the taker then reads
// the mailbox before anything was put in. The explorer finds it with one spurious wake-up.
#include <condition_variable>
#include <mutex>
#include <string>

#include "racelab/explore.hpp"

struct Mailbox {
  std::mutex mu;
  std::condition_variable ready;
  bool full = false;
  int value = 0;
};

RACELAB_SCENARIO(scenario) {
  auto* box = new Mailbox;
  auto* got = new int(-1);
  scenario.Thread("put(42)", [=] {
    std::lock_guard lock(box->mu);
    box->value = 42;
    box->full = true;
    box->ready.notify_one();
  });
  scenario.Thread("take()", [=] {
    std::unique_lock lock(box->mu);
    if (!box->full) box->ready.wait(lock);  // wrong: `while`, or wait(lock, predicate)
    *got = box->value;
  });
  scenario.Check([=]() -> std::string {
    if (*got == 42) return "";
    return "take() got " + std::to_string(*got) + ", expected 42";
  });
}
