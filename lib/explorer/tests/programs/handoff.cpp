// A value handed from one thread to another with a condition variable, and a table built once
// with std::call_once: no schedule fails, and none deadlocks.
#include <condition_variable>
#include <mutex>
#include <string>

#include "racelab/explore.hpp"

struct Mailbox {
  std::mutex mu;
  std::condition_variable ready;
  bool full = false;
  int value = 0;
  std::once_flag once;
  int built = 0;
};

RACELAB_SCENARIO(scenario) {
  auto* box = new Mailbox;
  scenario.Thread("put(42)", [=] {
    std::call_once(box->once, [=] { ++box->built; });
    std::lock_guard lock(box->mu);
    box->value = 42;
    box->full = true;
    box->ready.notify_one();
  });
  scenario.Thread("take()", [=] {
    std::call_once(box->once, [=] { ++box->built; });
    std::unique_lock lock(box->mu);
    box->ready.wait(lock, [=] { return box->full; });
    box->value += 1;
  });
  scenario.Check([=]() -> std::string {
    if (box->value == 43 && box->built == 1) return "";
    return "value " + std::to_string(box->value) + ", built " + std::to_string(box->built);
  });
}
