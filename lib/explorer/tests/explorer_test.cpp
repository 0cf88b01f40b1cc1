// The explorer's own tests: scenarios whose bug is known (programs/) must each be found, with
// the fewest preemptions, the same way every run, and replayed by their schedule; correct ones
// must explore clean.
#include <gtest/gtest.h>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

namespace {

using nlohmann::json;

// Runs the scenario binary `name` with `args` and parses what it prints.
json Explore(const std::string& name, const std::string& args = "") {
  const std::string command =
      std::string(RACELAB_EXPLORER_PROGRAMS) + "/explore_program." + name + " " + args;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return json();
  std::string out;
  char buffer[4096];
  for (std::size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) out.append(buffer, n);
  EXPECT_EQ(pclose(pipe), 0) << command;
  return json::parse(out);
}

// The steps of `run` that other threads can see, as "T op value->written".
std::vector<std::string> SharedSteps(const json& run) {
  std::vector<std::string> steps;
  for (const json& step : run.at("steps")) {
    if (!step.at("shared").get<bool>()) continue;
    std::string text =
        std::to_string(step.at("thread").get<int>()) + " " + step.at("op").get<std::string>();
    if (step.contains("value")) text += " " + std::to_string(step.at("value").get<long>());
    if (step.contains("written")) text += "->" + std::to_string(step.at("written").get<long>());
    steps.push_back(text);
  }
  return steps;
}

TEST(Explorer, FindsTheLostUpdateWithOnePreemption) {
  const json result = Explore("lost_update");
  ASSERT_TRUE(result.at("found").get<bool>());
  const json& run = result.at("run");
  EXPECT_EQ(run.at("outcome"), "wrong-result");
  EXPECT_EQ(run.at("message"), "count is 1, expected 2");
  EXPECT_EQ(run.at("preemptions"), 1);
  // Both threads read 0 before either writes 1: the story of a lost update.
  EXPECT_EQ(SharedSteps(run),
            (std::vector<std::string>{"1 read 0", "2 read 0", "2 write->1", "1 write->1"}));
  EXPECT_EQ(run.at("threads"), json({"increment()", "increment()"}));
}

TEST(Explorer, FindsTheDeadlockAndWhoHoldsWhat) {
  const json result = Explore("deadlock");
  ASSERT_TRUE(result.at("found").get<bool>());
  const json& run = result.at("run");
  EXPECT_EQ(run.at("outcome"), "deadlock");
  ASSERT_EQ(run.at("blocked").size(), 2u);
  // Each thread waits for a lock that the other holds.
  const json& first = run.at("blocked")[0];
  const json& second = run.at("blocked")[1];
  EXPECT_EQ(first.at("op"), "lock");
  EXPECT_EQ(first.at("holder"), 2);
  EXPECT_EQ(second.at("holder"), 1);
  EXPECT_NE(first.at("addr"), second.at("addr"));
}

TEST(Explorer, FindsTheCheckThenActOnAtomics) {
  const json result = Explore("check_then_act");
  ASSERT_TRUE(result.at("found").get<bool>());
  const json& run = result.at("run");
  EXPECT_EQ(run.at("outcome"), "wrong-result");
  EXPECT_EQ(run.at("message"), "balance is -1, below zero");
  EXPECT_EQ(SharedSteps(run)[0], "1 atomic-load 1");
  EXPECT_EQ(SharedSteps(run)[1], "2 atomic-load 1");
}

TEST(Explorer, FindsTheUseAfterFreeAndWhoFreed) {
  const json result = Explore("use_after_free");
  ASSERT_TRUE(result.at("found").get<bool>());
  const json& run = result.at("run");
  EXPECT_EQ(run.at("outcome"), "use-after-free");
  const json& steps = run.at("steps");
  const json& freed = steps.at(run.at("freed_at").get<int>());
  const json& touched = steps.back();
  EXPECT_EQ(freed.at("op"), "free");
  EXPECT_EQ(freed.at("thread"), 2);
  EXPECT_EQ(touched.at("thread"), 1);
  EXPECT_EQ(touched.at("op"), "atomic-load");
}

TEST(Explorer, WakesAWaiterSpuriouslyToCatchAWaitUnderAnIf) {
  const json result = Explore("wait_under_if");
  ASSERT_TRUE(result.at("found").get<bool>());
  const json& run = result.at("run");
  EXPECT_EQ(run.at("outcome"), "wrong-result");
  EXPECT_EQ(run.at("message"), "take() got 0, expected 42");
  EXPECT_EQ(run.at("spurious_wakeups"), 1);
  EXPECT_EQ(run.at("preemptions"), 0);
  // The taker waits, wakes without a notify (value 2), and reads the empty mailbox.
  bool woke_spuriously = false;
  for (const json& step : run.at("steps")) {
    woke_spuriously = woke_spuriously || (step.at("op") == "cond-wake" && step.at("value") == 2);
  }
  EXPECT_TRUE(woke_spuriously);
  // Replayed, the same spurious wake-up happens again.
  const json replay =
      Explore("wait_under_if", "--schedule " + run.at("schedule").get<std::string>());
  EXPECT_FALSE(replay.at("diverged").get<bool>());
  EXPECT_EQ(replay.at("run").at("outcome"), "wrong-result");
  // With no spurious wake-up and no preemption allowed, the wait under an `if` holds.
  EXPECT_FALSE(Explore("wait_under_if", "--bound 0").at("found").get<bool>());
}

TEST(Explorer, ALostWakeupIsADeadlockOfTheWaiter) {
  const json result = Explore("lost_wakeup");
  ASSERT_TRUE(result.at("found").get<bool>());
  const json& run = result.at("run");
  EXPECT_EQ(run.at("outcome"), "deadlock");
  ASSERT_EQ(run.at("blocked").size(), 1u);
  EXPECT_EQ(run.at("blocked")[0].at("op"), "cond-wake");  // waits to be notified
  EXPECT_EQ(run.at("blocked")[0].at("thread"), 2);
}

TEST(Explorer, FindsTheSameScheduleEveryRunAndReplaysIt) {
  const json first = Explore("lost_update");
  const json again = Explore("lost_update");
  const std::string schedule = first.at("run").at("schedule");
  EXPECT_EQ(again.at("run").at("schedule"), schedule);
  const json replay = Explore("lost_update", "--schedule " + schedule);
  EXPECT_FALSE(replay.at("diverged").get<bool>());
  EXPECT_EQ(replay.at("run").at("outcome"), "wrong-result");
  EXPECT_EQ(SharedSteps(replay.at("run")), SharedSteps(first.at("run")));
  // With no preemption the first thread finishes before the second starts: the count holds.
  const json serial = Explore("lost_update", "--bound 0");
  EXPECT_FALSE(serial.at("found").get<bool>());
  EXPECT_TRUE(serial.at("complete").get<bool>());
}

TEST(Explorer, RandomizedPrioritiesFindTheLostUpdateToo) {
  const json result = Explore("lost_update", "--pct 200 --seed 7");
  ASSERT_TRUE(result.at("found").get<bool>());
  EXPECT_EQ(result.at("run").at("outcome"), "wrong-result");
}

TEST(Explorer, CorrectLockingExploresClean) {
  const json result = Explore("locked_counter");
  EXPECT_FALSE(result.at("found").get<bool>());
  EXPECT_TRUE(result.at("complete").get<bool>());
  EXPECT_GT(result.at("explored").get<int>(), 10);  // it did try other orders
}

TEST(Explorer, ConditionVariableAndCallOnceExploreClean) {
  const json result = Explore("handoff");
  EXPECT_FALSE(result.at("found").get<bool>());
  EXPECT_TRUE(result.at("complete").get<bool>());
  EXPECT_EQ(result.at("too_long"), 0);
  // Spurious wake-ups were tried: the search explored more than the notifies alone allow.
  EXPECT_GT(result.at("explored").get<int>(),
            Explore("handoff", "--bound 0").at("explored").get<int>());
}

TEST(Explorer, ASpinningThreadGivesWayAndEveryRunEnds) {
  const json result = Explore("spinlock");
  EXPECT_FALSE(result.at("found").get<bool>());
  EXPECT_TRUE(result.at("complete").get<bool>());
  EXPECT_EQ(result.at("too_long"), 0);
}

}  // namespace
