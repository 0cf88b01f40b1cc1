// The story of a failing schedule (lib/grader/story.cpp), from explorer output written by hand.
#include "story.hpp"

#include <gtest/gtest.h>

namespace racelab {
namespace {

using nlohmann::json;

json Step(int index, int thread, const std::string& op, const std::string& pc, json extra = {}) {
  json step = {{"index", index}, {"thread", thread}, {"op", op},       {"addr", "0x1000"},
               {"size", 8},      {"pc", pc},         {"shared", true}, {"stack", json::array()}};
  for (auto& [key, value] : extra.items()) step[key] = value;
  return step;
}

StoryInput LostUpdate() {
  StoryInput input;
  input.explored = {
      {"found", true},
      {"mode", "bounded"},
      {"explored", 4},
      {"seconds", 0.01},
      {"bound", 2},
      {"run",
       {{"outcome", "wrong-result"},
        {"message", "value() returned 1, expected 2."},
        {"schedule", "1*3,2*5,1*2"},
        {"preemptions", 1},
        {"threads", {"increment()", "increment()"}},
        {"steps",
         {Step(0, 1, "start", "0x0"), Step(1, 1, "read", "0x11", {{"value", 0}}),
          Step(2, 2, "read", "0x11", {{"value", 0}}), Step(3, 2, "write", "0x21", {{"written", 1}}),
          Step(4, 1, "write", "0x21", {{"written", 1}}), Step(5, 1, "end", "0x0")}}}}};
  input.symbols[0x10] = {{"Counter::increment()", "/lab/exercises/01/counter.hpp", 14}};
  input.symbols[0x20] = {{"Counter::increment()", "/lab/exercises/01/counter.hpp", 14}};
  input.student_files = {"counter.hpp"};
  input.source_line = [](const std::string&, int) { return "  void increment() { ++count_; }"; };
  input.replay_command = "./lab explain 01";
  return input;
}

TEST(Story, TellsTheLostUpdateOneColumnPerThread) {
  const StoryInput input = LostUpdate();
  EXPECT_EQ(AddressesToSymbolize(input.explored), (std::vector<std::uint64_t>{0x10, 0x20}));
  const Story story = TellStory(input);
  ASSERT_EQ(story.steps.size(), 4u);  // start and end are no part of it
  EXPECT_EQ(story.steps[0].text, "reads  count_ == 0");
  EXPECT_EQ(story.steps[0].location, "counter.hpp:14");
  EXPECT_EQ(story.steps[2].text, "writes count_ = 1");
  EXPECT_EQ(story.steps[2].thread, 2);
  EXPECT_EQ(story.ending,
            "value() returned 1, expected 2. Thread 1 wrote count_ = 1 from the 0 it had read "
            "before thread 2's write: that write is lost.");
  // Each access is joined to the last access by the other thread before it, one of them a write.
  EXPECT_EQ(story.conflicts, (std::vector<std::pair<int, int>>{{0, 2}, {2, 3}}));
  const std::string text = StoryText(story, input);
  EXPECT_NE(text.find("thread 1: increment()"), std::string::npos) << text;
  EXPECT_NE(text.find("\n  reads  count_ == 0   counter.hpp:14\n"), std::string::npos) << text;
  EXPECT_NE(text.find("with 1 preemption"), std::string::npos) << text;
  EXPECT_NE(text.find("./lab explain 01 --schedule 1*3,2*5,1*2"), std::string::npos) << text;
  // Thread 2's steps are indented by the width of thread 1's column.
  EXPECT_NE(text.find("\n                                         reads  count_ == 0"),
            std::string::npos)
      << text;
}

TEST(Story, SvgHasALanePerThreadAndJoinsTheConflicts) {
  const StoryInput input = LostUpdate();
  const std::string svg = StorySvg(TellStory(input));
  EXPECT_EQ(svg.rfind("<svg", 0), 0u);
  EXPECT_NE(svg.find("thread 2: increment()"), std::string::npos);
  std::size_t joins = 0;
  for (std::size_t at = 0; (at = svg.find("stroke=\"#d33\"", at)) != std::string::npos; ++at) {
    ++joins;
  }
  EXPECT_EQ(joins, 2u);
}

TEST(Story, TellsWhoHoldsWhatInADeadlock) {
  StoryInput input = LostUpdate();
  json& run = input.explored["run"];
  run["outcome"] = "deadlock";
  run["steps"] = {Step(0, 1, "lock", "0x11", {{"addr", "0xa0"}}),
                  Step(1, 2, "lock", "0x21", {{"addr", "0xb0"}})};
  run["blocked"] = {Step(-1, 1, "lock", "0x21", {{"addr", "0xb0"}, {"holder", 2}}),
                    Step(-1, 2, "lock", "0x11", {{"addr", "0xa0"}, {"holder", 1}})};
  input.source_line = [](const std::string&, int line) {
    return line == 14 ? "std::lock_guard first(a_);" : "";
  };
  input.symbols[0x20] = {{"Bank::transfer()", "/lab/exercises/05/bank.hpp", 15}};
  input.student_files = {"counter.hpp", "bank.hpp"};
  const Story story = TellStory(input);
  EXPECT_EQ(story.ending,
            "Deadlock: thread 1 holds a_ and waits for a lock (bank.hpp:15), which thread 2 "
            "holds; thread 2 holds a lock and waits for a_ (counter.hpp:14), which thread 1 "
            "holds. Neither can ever go on.");
}

// A lost wake-up: the waiter is named with the condition variable it waits on (the member before
// `.wait` on its line, not the predicate's), and a spurious wake-up is told as one.
TEST(Story, NamesTheConditionVariableALostWakeupWaitsOn) {
  StoryInput input = LostUpdate();
  json& run = input.explored["run"];
  run["outcome"] = "deadlock";
  run["spurious_wakeups"] = 1;
  run["steps"] = {Step(0, 2, "cond-wait", "0x11", {{"mutex", "0xa0"}}),
                  Step(1, 2, "cond-wake", "0x11", {{"value", 2}}),
                  Step(2, 2, "read", "0x11", {{"value", 0}}),
                  Step(3, 2, "cond-wait", "0x11", {{"mutex", "0xa0"}})};
  run["blocked"] = {Step(-1, 2, "cond-wake", "0x11")};
  input.source_line = [](const std::string&, int) {
    return "    not_empty_.wait(lock, [this] { return count_ > 0; });";
  };
  const Story story = TellStory(input);
  ASSERT_EQ(story.steps.size(), 4u);
  EXPECT_EQ(story.steps[0].text, "waits on not_empty_, unlocking its mutex");
  EXPECT_EQ(story.steps[1].text, "wakes up, not notified (spurious)");
  EXPECT_EQ(story.steps[2].text, "reads  count_ == 0");
  EXPECT_EQ(story.ending,
            "Deadlock: thread 2 waits on not_empty_ (counter.hpp:14) to be notified, and no "
            "thread is left to notify it. It can never go on.");
  EXPECT_NE(StoryText(story, input).find("with 1 preemption and 1 spurious wake-up"),
            std::string::npos);
}

}  // namespace
}  // namespace racelab
