// A scenario for the schedule explorer (`./lab explain ID`): a few threads, a call or three each,
// and the invariant that must hold once they all finished.
//
//   RACELAB_SCENARIO(scenario) {
//     auto* counter = new Counter;  // each schedule runs in a fresh process: no need to delete
//     scenario.Thread("increment()", [=] { counter->increment(); });
//     scenario.Thread("increment()", [=] { counter->increment(); });
//     scenario.Check([=]() -> std::string {
//       if (counter->value() == 2) return "";  // "" : the invariant holds
//       return "value() returned " + std::to_string(counter->value()) + ", expected 2";
//     });
//   }
//
// The file is compiled with -fsanitize=thread but linked with the explorer's runtime instead of
// ThreadSanitizer's: the instrumentation tells the runtime about every memory access and atomic
// operation, and the runtime lets exactly one thread run at a time, choosing at each of them.
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace racelab::explore {

class Scenario {
 public:
  // A thread that runs `body`; `calls` names what it does in the story ("increment()").
  void Thread(std::string calls, std::function<void()> body) {
    threads_.push_back({std::move(calls), std::move(body)});
  }

  // Runs on the main thread once every thread has finished: "" if the invariant holds, else the
  // sentence that ends the story ("value() returned 1, expected 2: ...").
  void Check(std::function<std::string()> invariant) { check_ = std::move(invariant); }

  struct ThreadSpec {
    std::string calls;
    std::function<void()> body;
  };
  const std::vector<ThreadSpec>& threads() const { return threads_; }
  std::string RunCheck() const { return check_ ? check_() : ""; }

 private:
  std::vector<ThreadSpec> threads_;
  std::function<std::string()> check_;
};

}  // namespace racelab::explore

// Each scenario file defines this function with RACELAB_SCENARIO.
void RacelabScenario(racelab::explore::Scenario& scenario);
#define RACELAB_SCENARIO(name) void RacelabScenario(::racelab::explore::Scenario& name)
