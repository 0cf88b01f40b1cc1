// Tests of the report formats (lib/grader/formats/) and of how a submission's files are found.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "formats/format.hpp"
#include "submission.hpp"

namespace racelab {
namespace {
namespace fs = std::filesystem;

// Two exercises: 01 passed, 02 failed with a race at counter.hpp:14.
class Formats : public testing::Test {
 protected:
  Formats() {
    counter_.id = "01-counter-mutex";
    counter_.title = "Counter with a lock";
    counter_.points = 10;
    counter_.files = {"counter.hpp"};
    counter_.hints = {"a hint"};
    atomic_.id = "02-counter-atomic";
    atomic_.title = "Counter with <atomics> & \"no\" lock";
    atomic_.points = 10;
    atomic_.files = {"counter.hpp"};
    Result pass;
    pass.exercise = &counter_;
    pass.verdict.passed = true;
    pass.score = 10;
    pass.seed = "12";
    pass.seconds = 0.5;
    Result fail;
    fail.exercise = &atomic_;
    fail.verdict = {false, "data-race",
                    "ThreadSanitizer: data race on `value_`\n"
                    "  Write of size 8 by thread T2\n"
                    "    in Counter::increment() at counter.hpp:14   `++value_;` 100%\n"};
    fail.seed = "34";
    fail.seconds = 0.25;
    report_.results = {pass, fail};
    report_.replay = {"abc123", "GNU 12.2.0", "tsan"};
    report_.seconds = 41.6;
  }

  Exercise counter_, atomic_;
  Report report_;
};

TEST_F(Formats, EveryFormatIsThere) {
  for (const char* name : {"table", "json", "gradescope", "junit", "markdown", "github"}) {
    EXPECT_TRUE(racelab::Formats().count(name)) << name;
  }
}

TEST_F(Formats, FindsTheStudentsLineInTheMessage) {
  const auto line = FindStudentLine(report_.results[1]);
  ASSERT_TRUE(line.has_value());
  EXPECT_EQ(line->file, "exercises/02-counter-atomic/counter.hpp");
  EXPECT_EQ(line->line, 14);
  EXPECT_FALSE(FindStudentLine(report_.results[0]).has_value());
}

TEST_F(Formats, JsonCarriesWhatReplaysTheRun) {
  const auto json = nlohmann::json::parse(JsonFormat(report_));
  EXPECT_EQ(json["score"], 10);
  EXPECT_EQ(json["max_score"], 20);
  EXPECT_EQ(json["replay"]["lab_commit"], "abc123");
  EXPECT_EQ(json["replay"]["compiler"], "GNU 12.2.0");
  EXPECT_EQ(json["replay"]["preset"], "tsan");
  EXPECT_EQ(json["exercises"][1]["status"], "fail");
  EXPECT_EQ(json["exercises"][1]["category"], "data-race");
  EXPECT_EQ(json["exercises"][1]["seed"], "34");
  EXPECT_TRUE(json["exercises"][0]["category"].is_null());
}

// The fields of Gradescope's "Autograder Specifications": score, execution_time, and per test
// name, number, score, max_score, status ("passed" or "failed"), output, output_format.
TEST_F(Formats, GradescopeHasTheFieldsItsSpecificationNames) {
  const auto json = nlohmann::json::parse(GradescopeFormat(report_));
  EXPECT_EQ(json["score"], 10);
  EXPECT_EQ(json["execution_time"], 42);
  ASSERT_EQ(json["tests"].size(), 2u);
  const auto& fail = json["tests"][1];
  EXPECT_EQ(fail["name"], "02-counter-atomic · Counter with <atomics> & \"no\" lock");
  EXPECT_EQ(fail["number"], "02");
  EXPECT_EQ(fail["score"], 0);
  EXPECT_EQ(fail["max_score"], 10);
  EXPECT_EQ(fail["status"], "failed");
  EXPECT_EQ(fail["output_format"], "md");
  // The message, fenced so that Markdown shows it as written, backticks included.
  EXPECT_NE(fail["output"].get<std::string>().find("**data-race**\n\n```\nThreadSanitizer: data "
                                                   "race on `value_`\n"),
            std::string::npos)
      << fail["output"];
  EXPECT_EQ(json["tests"][0]["status"], "passed");
  EXPECT_EQ(json["extra_data"]["seeds"]["02-counter-atomic"], "34");
}

// An instructor's own test failed, its details kept until grades are published: the score and
// the category show at once; the message only in a test of its own with that visibility.
TEST_F(Formats, GradescopeHoldsBackAnInstructorsTestsMessage) {
  report_.results[1].extra_failed = {"Private.Secret"};
  report_.extra_tests_visibility = "after_published";
  const auto tests = nlohmann::json::parse(GradescopeFormat(report_)).at("tests");
  ASSERT_EQ(tests.size(), 3u);
  const auto& held = tests[1];
  const auto& shown = tests[2];
  EXPECT_EQ(held.value("visibility", ""), "after_published");
  EXPECT_NE(held.value("output", "").find("counter.hpp:14"), std::string::npos);
  EXPECT_FALSE(held.contains("score")) << "the points count once, in the test students see";
  EXPECT_FALSE(shown.contains("visibility"));
  EXPECT_EQ(shown.value("score", -1), 0);
  EXPECT_NE(shown.value("output", "").find("data-race"), std::string::npos);
  EXPECT_EQ(shown.value("output", "").find("counter.hpp:14"), std::string::npos);

  report_.extra_tests_visibility = "visible";
  EXPECT_EQ(nlohmann::json::parse(GradescopeFormat(report_)).at("tests").size(), 2u);
}

TEST_F(Formats, JunitEscapesAndPointsAtTheLine) {
  const std::string xml = JunitFormat(report_);
  EXPECT_NE(xml.find("<testsuite name=\"racelab\" tests=\"2\" failures=\"1\""), std::string::npos)
      << xml;
  EXPECT_NE(xml.find("name=\"Counter with &lt;atomics&gt; &amp; &quot;no&quot; lock\""),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("file=\"exercises/02-counter-atomic/counter.hpp\" line=\"14\""),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<failure type=\"data-race\" message=\"ThreadSanitizer: data race on "
                     "`value_`\">"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("replay: ./lab check 02 --seed 34"), std::string::npos) << xml;
  EXPECT_EQ(xml.find('<', xml.find("<failure") + 1), xml.find("</failure>"))
      << "nothing in the message may open a tag: " << xml;
}

TEST_F(Formats, MarkdownIsATableAndTheMessagesFolded) {
  const std::string md = MarkdownFormat(report_);
  EXPECT_NE(md.find("## racelab: 10/20 points"), std::string::npos) << md;
  EXPECT_NE(md.find("| `02-counter-atomic` | Counter with <atomics> & \"no\" lock | ❌ data-race "
                    "| 0/10 |"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("<details><summary><code>02-counter-atomic</code>: data-race</summary>"),
            std::string::npos)
      << md;
}

TEST_F(Formats, MarkdownStaysUnderGitHubsLimit) {
  for (int i = 0; i < 200; ++i) {
    Result flood = report_.results[1];
    flood.verdict.message = std::string(40'000, 'x');
    report_.results.push_back(flood);
  }
  const std::string md = MarkdownFormat(report_);
  EXPECT_LT(md.size(), 1024u * 1024u);
  EXPECT_NE(md.find("more messages cut"), std::string::npos);
}

TEST_F(Formats, GithubAnnotatesTheStudentsLine) {
  const std::string commands = GithubFormat(report_);
  EXPECT_EQ(commands.rfind("::error file=exercises/02-counter-atomic/counter.hpp,line=14,"
                           "title=02-counter-atomic%3A data-race::ThreadSanitizer: data race on "
                           "`value_`%0A  Write of size 8",
                           0),
            0u)
      << commands;
  EXPECT_NE(commands.find("100%25"), std::string::npos) << "a % in the message is escaped";
  EXPECT_EQ(std::count(commands.begin(), commands.end(), '\n'), 2) << "one line per command";
  EXPECT_NE(commands.find("::notice title=racelab::10/20 points"), std::string::npos);
}

// What classroom-resources/autograding-grading-reporter reads: version 1, a status of pass, fail
// or error, max_score, and per test name, status, score, message, filename, line_no, duration.
TEST_F(Formats, ClassroomIsWhatTheGradingReporterReads) {
  const auto json = nlohmann::json::parse(ClassroomFormat(report_));
  EXPECT_EQ(json["version"], 1);
  EXPECT_EQ(json["status"], "fail");
  EXPECT_EQ(json["max_score"], 20);
  ASSERT_EQ(json["tests"].size(), 2u);
  EXPECT_EQ(json["tests"][0]["status"], "pass");
  EXPECT_EQ(json["tests"][0]["score"], 10);
  const auto& fail = json["tests"][1];
  EXPECT_EQ(fail["status"], "fail");
  EXPECT_EQ(fail["score"], 0);
  EXPECT_EQ(fail["filename"], "exercises/02-counter-atomic/counter.hpp");
  EXPECT_EQ(fail["line_no"], 14);
  EXPECT_EQ(fail["duration"], 250);
  EXPECT_EQ(fail["message"].get<std::string>().rfind("data-race: ThreadSanitizer: data race", 0),
            0u);
}

TEST_F(Formats, ClassroomStaysWithinOneEnvironmentVariable) {
  for (int i = 0; i < 30; ++i) {
    Result flood = report_.results[1];
    flood.verdict.message = std::string(50'000, 'x');
    report_.results.push_back(flood);
  }
  EXPECT_LT(ClassroomFormat(report_).size() * 4 / 3, 128u * 1024u) << "as base64";
}

// A submission folder, deleted afterwards.
class Submission : public testing::Test {
 protected:
  Submission() {
    root_ = fs::temp_directory_path() / ("racelab-submission-test." + std::to_string(getpid()));
    fs::remove_all(root_);
    for (const auto& [id, file] : {std::pair{"01-counter-mutex", "counter.hpp"},
                                   std::pair{"02-counter-atomic", "counter.hpp"},
                                   std::pair{"05-bank-transfer", "bank.hpp"}}) {
      Exercise exercise;
      exercise.id = id;
      exercise.files = {file};
      all_.push_back(exercise);
    }
    for (const Exercise& exercise : all_) selected_.push_back(&exercise);
  }
  ~Submission() override { fs::remove_all(root_); }

  void Write(const fs::path& relative, const std::string& text) {
    fs::create_directories((root_ / "in" / relative).parent_path());
    std::ofstream(root_ / "in" / relative) << text;
  }
  Staged Stage() { return StageSubmission(root_ / "in", root_ / "staging", selected_, all_); }
  std::string StagedFile(const std::string& relative) {
    std::ifstream in(root_ / "staging" / relative);
    return {std::istreambuf_iterator<char>(in), {}};
  }

  fs::path root_;
  std::vector<Exercise> all_;
  std::vector<const Exercise*> selected_;
};

TEST_F(Submission, AMissingFileIsMissingNotTakenFromTheLab) {
  Write("exercises/01-counter-mutex/counter.hpp", "one");
  const auto staged = Stage();
  EXPECT_EQ(StagedFile("exercises/01-counter-mutex/counter.hpp"), "one");
  EXPECT_FALSE(fs::exists(root_ / "staging/exercises/02-counter-atomic/counter.hpp"));
  EXPECT_EQ(staged.missing, (std::vector<std::string>{"exercises/02-counter-atomic/counter.hpp",
                                                      "exercises/05-bank-transfer/bank.hpp"}));
}

TEST_F(Submission, FilesAtTheRootAreTakenWhereTheirNameIsUnique) {
  Write("bank.hpp", "bank");
  Write("counter.hpp", "which counter?");
  Write("02-counter-atomic/counter.hpp", "two");
  const auto staged = Stage();
  EXPECT_EQ(StagedFile("exercises/05-bank-transfer/bank.hpp"), "bank");
  EXPECT_EQ(StagedFile("exercises/02-counter-atomic/counter.hpp"), "two");
  EXPECT_EQ(staged.missing, (std::vector<std::string>{"exercises/01-counter-mutex/counter.hpp"}));
  EXPECT_EQ(staged.ambiguous, (std::vector<std::string>{"counter.hpp"}));
  EXPECT_EQ(staged.relocated.size(), 2u);
  EXPECT_TRUE(staged.ignored.empty());
}

TEST_F(Submission, TheLayoutIsExplainedWhenNothingIsFound) {
  const std::string layout = ExpectedLayout(selected_);
  EXPECT_NE(layout.find("exercises/01-counter-mutex/counter.hpp"), std::string::npos) << layout;
}

}  // namespace
}  // namespace racelab
