#include "story.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <regex>
#include <set>

namespace racelab {
namespace {

using nlohmann::json;

std::uint64_t ParseHex(const std::string& text) { return std::stoull(text, nullptr, 16); }

// The addresses that can say where a step happened, innermost first: the hook's call, then the
// call sites of the functions around it.
std::vector<std::uint64_t> StepAddresses(const json& step) {
  std::vector<std::uint64_t> out;
  const std::uint64_t pc = ParseHex(step.value("pc", "0x0"));
  if (pc > 1) out.push_back(pc - 1);
  for (const json& call : step.value("stack", json::array())) {
    const std::uint64_t site = ParseHex(call.get<std::string>());
    if (site > 1) out.push_back(site - 1);
  }
  return out;
}

// The innermost frame of `step` in one of the student's files.
const SourceFrame* StudentFrame(const json& step, const StoryInput& input) {
  for (std::uint64_t address : StepAddresses(step)) {
    const auto found = input.symbols.find(address);
    if (found == input.symbols.end()) continue;
    for (const SourceFrame& frame : found->second) {
      const std::string name = std::filesystem::path(frame.file).filename().string();
      if (std::find(input.student_files.begin(), input.student_files.end(), name) !=
          input.student_files.end()) {
        return &frame;
      }
    }
  }
  return nullptr;
}

// The member the line works on, by the Google style the exercises use (a trailing underscore):
// the first such name on the line, or "" if there is none.
// A condition variable waited on or notified (`not_full_.wait(...)`) is skipped: on that line, the
// memory read is the predicate's.
std::string MemberOnLine(const std::string& line) {
  static const std::regex member(R"(\b([A-Za-z_][A-Za-z0-9_]*_)\b(\s*\.\s*(wait|notify))?)");
  std::string first;
  for (auto it = std::sregex_iterator(line.begin(), line.end(), member);
       it != std::sregex_iterator(); ++it) {
    if (!(*it)[2].matched) return (*it)[1].str();
    if (first.empty()) first = (*it)[1].str();
  }
  return first;
}

// The condition variable a wait on `line` waits on: the member before ".wait" ("not_empty_"), or
// the line's first member.
std::string WaitedOnLine(const std::string& line) {
  static const std::regex waited(R"(\b([A-Za-z_][A-Za-z0-9_]*_)\s*\.\s*wait)");
  std::smatch match;
  return std::regex_search(line, match, waited) ? match[1].str() : MemberOnLine(line);
}

std::string Value(const json& step, const char* key) {
  if (!step.contains(key)) return "?";  // the run ended at this step, before it completed
  const auto raw = step.at(key).get<std::uint64_t>();
  switch (step.value("size", 8)) {
    case 1:
      return std::to_string(static_cast<std::int8_t>(raw));
    case 2:
      return std::to_string(static_cast<std::int16_t>(raw));
    case 4:
      return std::to_string(static_cast<std::int32_t>(raw));
    default:  // an address reads better in hex
      return raw > (1ULL << 40) && raw < (1ULL << 48)
                 ? fmt::format("{:#x}", raw)
                 : std::to_string(static_cast<std::int64_t>(raw));
  }
}

std::string StepText(const json& step, const std::string& name) {
  const std::string op = step.at("op");
  const std::string what = name.empty() ? "memory" : name;
  const bool has_value = step.contains("value"), has_written = step.contains("written");
  if (op == "read")
    return fmt::format("reads  {} == {}", what, has_value ? Value(step, "value") : "?");
  if (op == "write") {
    return fmt::format("writes {} = {}", what, has_written ? Value(step, "written") : "?");
  }
  if (op == "atomic-load") return fmt::format("loads  {} == {}", what, Value(step, "value"));
  if (op == "atomic-store") return fmt::format("stores {} = {}", what, Value(step, "written"));
  if (op == "atomic-rmw") {
    if (!has_written) return fmt::format("CAS on {} fails: it is {}", what, Value(step, "value"));
    return fmt::format("updates {} {} -> {}", what, Value(step, "value"), Value(step, "written"));
  }
  if (op == "lock" || op == "write-lock") return "locks   " + what;
  if (op == "read-lock") return "locks   " + what + " (shared)";
  if (op == "unlock" || op == "rw-unlock") return "unlocks " + what;
  if (op == "try-lock" || op == "try-read-lock" || op == "try-write-lock") {
    return fmt::format("try_lock {}: {}", what, step.value("value", 0) == 1 ? "taken" : "busy");
  }
  if (op == "cond-wait") return "waits on " + what + ", unlocking its mutex";
  if (op == "cond-wake") {
    switch (step.value("value", 0)) {
      case 1:
        return "is woken up";
      case 2:
        return "wakes up, not notified (spurious)";
      default:
        return "wait times out";
    }
  }
  if (op == "notify-one" || op == "notify-all") return "notifies " + what;
  if (op == "once") return step.value("value", 0) == 1 ? "runs the one-time init" : "finds it done";
  if (op == "once-done") return "one-time init done";
  if (op == "free") return fmt::format("deletes the object ({} bytes)", step.value("size", 0));
  if (op == "yield") return "yields";
  if (op == "fence") return "fence";
  return op;
}

// Where `step` ran, from its innermost frame out to the first in the student's files.
struct Where {
  const SourceFrame* student = nullptr;  // null: none of the student's frames
  const SourceFrame* call = nullptr;     // the frame just inside it: a library call; or null
  bool scenario = false;  // the scenario's own code ran it (its bookkeeping, not the story)
};

Where Locate(const json& step, const StoryInput& input) {
  Where where;
  const SourceFrame* inner = nullptr;
  for (std::uint64_t address : StepAddresses(step)) {
    const auto found = input.symbols.find(address);
    if (found == input.symbols.end()) continue;
    for (const SourceFrame& frame : found->second) {
      const std::string name = std::filesystem::path(frame.file).filename().string();
      if (std::find(input.student_files.begin(), input.student_files.end(), name) !=
          input.student_files.end()) {
        where.student = &frame;
        where.call = inner;
        return where;
      }
      where.scenario = where.scenario || name == "scenario.cpp";
      inner = &frame;
    }
  }
  return where;
}

// "std::_Hashtable<...>::size() const" -> "size".
std::string ShortFunction(const std::string& function) {
  std::string out;
  int depth = 0;
  for (char c : function) {
    if (c == '<') ++depth;
    if (depth == 0 && c == '(') break;
    if (depth == 0) out += c;
    if (c == '>') --depth;
  }
  const auto colons = out.rfind("::");
  return colons == std::string::npos ? out : out.substr(colons + 2);
}

std::string Location(const SourceFrame* frame) {
  if (frame == nullptr) return "";
  return fmt::format("{}:{}", std::filesystem::path(frame->file).filename().string(), frame->line);
}

// `text` in lines of at most `width` characters, each indented by two spaces.
std::string Wrap(const std::string& text, std::size_t width) {
  std::string out, line;
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t end = text.find(' ', at);
    if (end == std::string::npos) end = text.size();
    const std::string word = text.substr(at, end - at);
    if (!line.empty() && line.size() + 1 + word.size() > width) {
      out += "  " + line + "\n";
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
    at = end + 1;
  }
  if (!line.empty()) out += "  " + line + "\n";
  return out;
}

std::string Plural(long n, const char* word) {
  return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

// A lost update in `steps`, told in a sentence (" Thread 1 wrote count_ = 1 from the 0 it read
// before thread 2's write: that write is lost."), or "" if there is none: a plain write by one
// thread over another thread's write that it never read.
std::string LostWrite(const json& steps, const StoryInput& input) {
  std::map<std::uint64_t, std::pair<int, const json*>> last_write;  // word -> (thread, step)
  std::map<std::pair<int, std::uint64_t>, const json*> last_read;   // (thread, word) -> step
  for (const json& step : steps) {
    const std::string op = step.at("op");
    if (op != "read" && op != "write") continue;
    const std::uint64_t word = ParseHex(step.at("addr")) / 8;
    const int thread = step.at("thread");
    if (op == "read") {
      last_read[{thread, word}] = &step;
      continue;
    }
    const auto previous = last_write.find(word);
    const auto read = last_read.find({thread, word});
    if (previous != last_write.end() && previous->second.first != thread &&
        read != last_read.end() &&
        read->second->at("index") < previous->second.second->at("index") &&
        step.contains("written") && read->second->contains("value")) {
      const SourceFrame* frame = StudentFrame(step, input);
      const std::string name = frame != nullptr && input.source_line
                                   ? MemberOnLine(input.source_line(frame->file, frame->line))
                                   : "";
      return fmt::format(
          " Thread {} wrote {} = {} from the {} it had read before thread {}'s write: that write "
          "is lost.",
          thread, name.empty() ? "memory" : name, Value(step, "written"),
          Value(*read->second, "value"), previous->second.first);
    }
    last_write[word] = {thread, &step};
  }
  return "";
}

}  // namespace

std::vector<std::uint64_t> AddressesToSymbolize(const json& explored) {
  std::set<std::uint64_t> addresses;
  if (!explored.contains("run")) return {};
  const json& run = explored.at("run");
  for (const char* list : {"steps", "blocked"}) {
    for (const json& step : run.value(list, json::array())) {
      if (!step.value("shared", false)) continue;
      for (std::uint64_t address : StepAddresses(step)) addresses.insert(address);
    }
  }
  return {addresses.begin(), addresses.end()};
}

Story TellStory(const StoryInput& input) {
  Story story;
  if (!input.explored.contains("run")) return story;
  const json& run = input.explored.at("run");
  const json& labels = run.value("threads", json::array());
  for (std::size_t t = 0; t < labels.size(); ++t) {
    story.threads.push_back(fmt::format("thread {}: {}", t + 1, labels[t].get<std::string>()));
  }
  const auto name_of = [&](const json& step) {
    const SourceFrame* frame = StudentFrame(step, input);
    if (frame == nullptr || !input.source_line) return std::string();
    const std::string line = input.source_line(frame->file, frame->line);
    const std::string op = step.at("op");
    return op == "cond-wait" || op == "cond-wake" ? WaitedOnLine(line) : MemberOnLine(line);
  };
  const json& steps = run.at("steps");
  const std::string outcome = run.value("outcome", "");
  std::map<std::uint64_t, std::string> lock_names;  // address -> name, for the deadlock
  std::map<int, std::vector<std::uint64_t>> held;   // thread -> the locks it holds at the end
  for (const json& step : steps) {
    const std::string op = step.at("op");
    const int thread = step.at("thread");
    const std::uint64_t addr = ParseHex(step.at("addr"));
    if (op == "lock" || op == "write-lock" || op == "read-lock" ||
        (op.rfind("try-", 0) == 0 && step.value("value", 0) == 1)) {
      held[thread].push_back(addr);
      if (!lock_names.count(addr)) lock_names[addr] = name_of(step);
    } else if (op == "unlock" || op == "rw-unlock" || op == "cond-wait") {
      const std::uint64_t lock = op == "cond-wait" ? ParseHex(step.at("mutex")) : addr;
      auto& mine = held[thread];
      if (auto at = std::find(mine.begin(), mine.end(), lock); at != mine.end()) mine.erase(at);
    }
  }
  const bool last_is_failure = outcome == "use-after-free" || outcome == "double-free";
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const json& step = steps[i];
    const std::string op = step.at("op");
    const bool last = i + 1 == steps.size();
    if (op == "start" || op == "end") continue;
    if (!step.value("shared", false) && !(last && last_is_failure)) continue;
    const SourceFrame* frame = StudentFrame(step, input);
    if (frame == nullptr && !(last && last_is_failure)) continue;
    const Where where = Locate(step, input);
    if (where.scenario && !last) continue;  // the scenario's own bookkeeping
    StoryStep out;
    out.index = step.at("index");
    out.thread = step.at("thread");
    // A lock is named where it was first taken ("mutex_"), not by the line of each unlock (a
    // closing brace) or of a wait that takes it again.
    const bool lock_op = op == "lock" || op == "write-lock" || op == "read-lock" ||
                         op == "unlock" || op == "rw-unlock" || op.rfind("try-", 0) == 0;
    const auto lock_name = lock_names.find(ParseHex(step.at("addr")));
    out.text =
        StepText(step, op == "free" ? ""
                       : lock_op && lock_name != lock_names.end() && !lock_name->second.empty()
                           ? lock_name->second
                           : name_of(step));
    out.location = Location(frame);
    const bool memory = op == "read" || op == "write" || op.rfind("atomic", 0) == 0;
    if (memory) {
      out.word = ParseHex(step.at("addr")) / 8;
      out.writes = op != "read" && op != "atomic-load";
    }
    // Steps inside a library call on the student's line (std::vector's operator=, say): one
    // line for each run of them, "inside operator=(): 8 steps".
    if (last && outcome == "use-after-free") {
      const std::string name = name_of(step);
      const std::string verb = op == "read" || op == "atomic-load"     ? "reads  "
                               : op == "write" || op == "atomic-store" ? "writes "
                                                                       : "updates ";
      out.text = verb + (name.empty() ? "the object" : name) + ", already freed";
    }
    if (where.call != nullptr && !last && (op == "read" || op == "write")) {
      out.library = ShortFunction(where.call->function);
      StoryStep* previous = story.steps.empty() ? nullptr : &story.steps.back();
      if (previous != nullptr && previous->thread == out.thread &&
          previous->library == out.library && previous->location == out.location) {
        ++previous->grouped;
        previous->writes = previous->writes || out.writes;
        previous->word = 0;
        previous->text = fmt::format("inside {}(): {} steps", out.library, previous->grouped);
        continue;
      }
      const std::string name = name_of(step);
      out.text =
          StepText(step, name.empty() ? out.library + "()" : name + "." + out.library + "()");
    }
    story.steps.push_back(out);
  }
  // Conflicts: each access joined to the last one before it, by another thread, of the same
  // memory, one of the two writing.
  for (std::size_t j = 0; j < story.steps.size(); ++j) {
    if (story.steps[j].word == 0) continue;
    for (std::size_t i = j; i-- > 0;) {
      const StoryStep& a = story.steps[i];
      const StoryStep& b = story.steps[j];
      if (a.word != b.word || a.thread == b.thread) continue;
      if (a.writes || b.writes)
        story.conflicts.emplace_back(static_cast<int>(i), static_cast<int>(j));
      break;
    }
  }

  // A use after free or a double free: the free and the step after it, joined.
  if (last_is_failure && !story.steps.empty()) {
    const int freed_at = run.value("freed_at", -1);
    for (std::size_t i = 0; i + 1 < story.steps.size(); ++i) {
      if (story.steps[i].index == freed_at) {
        story.conflicts.emplace_back(static_cast<int>(i), static_cast<int>(story.steps.size() - 1));
      }
    }
  }

  if (outcome == "wrong-result") {
    story.ending = run.value("message", "the scenario's check failed") + LostWrite(steps, input);
  } else if (outcome == "deadlock") {
    std::string text = "Deadlock: ";
    const auto lock_name = [&](std::uint64_t addr) {
      const std::string name = lock_names.count(addr) ? lock_names[addr] : "";
      return name.empty() ? std::string("a lock") : name;
    };
    std::vector<std::string> parts;
    for (const json& blocked : run.value("blocked", json::array())) {
      const int thread = blocked.at("thread");
      const std::uint64_t addr = ParseHex(blocked.at("addr"));
      std::vector<std::string> holds;
      for (std::uint64_t lock : held[thread]) holds.push_back(lock_name(lock));
      std::string part = fmt::format("thread {} ", thread);
      if (!holds.empty()) part += fmt::format("holds {} and ", fmt::join(holds, ", "));
      const std::string op = blocked.at("op");
      if (blocked.contains("holder")) {
        part += fmt::format("waits for {} ({})", lock_name(addr),
                            Location(StudentFrame(blocked, input)));
        part += fmt::format(", which thread {} holds", blocked.at("holder").get<int>());
      } else if (op == "cond-wake") {
        const std::string cv = name_of(blocked);
        const std::string where = Location(StudentFrame(blocked, input));
        part += fmt::format("waits on {}{} to be notified, and no thread is left to notify it",
                            cv.empty() ? "a condition variable" : cv,
                            where.empty() ? "" : " (" + where + ")");
      } else {
        part += "waits (" + op + ")";
      }
      parts.push_back(part);
    }
    text += fmt::format("{}. {} go on.", fmt::join(parts, "; "),
                        parts.size() == 1   ? "It can never"
                        : parts.size() == 2 ? "Neither can ever"
                                            : "None of them can ever");
    story.ending = text;
  } else if (outcome == "use-after-free" || outcome == "double-free") {
    const int freed_at = run.at("freed_at");
    const json& freeing = steps.at(freed_at);
    const json& last = steps.back();
    const std::string where = Location(StudentFrame(freeing, input));
    if (outcome == "use-after-free") {
      story.ending = fmt::format(
          "Use after free: thread {} touched the object at {} after thread {} deleted it{}.",
          last.at("thread").get<int>(), Location(StudentFrame(last, input)),
          freeing.at("thread").get<int>(), where.empty() ? "" : " at " + where);
    } else {
      story.ending = fmt::format(
          "Double free: thread {} deleted the object that thread {} had already deleted{}.",
          last.at("thread").get<int>(), freeing.at("thread").get<int>(),
          where.empty() ? "" : " at " + where);
    }
  } else if (outcome == "crash") {
    story.ending = fmt::format("The scenario crashed (signal {}) after the last step shown.",
                               run.value("signal", 0));
  }
  return story;
}

std::string StoryText(const Story& story, const StoryInput& input) {
  const json& explored = input.explored;
  std::string out;
  const long explored_count = explored.value("explored", 0L);
  const double seconds = explored.value("seconds", 0.0);
  if (!explored.value("found", false)) {
    if (explored.value("mode", "") == "replay") {
      out += "This schedule does not fail.\n";
    } else if (explored.value("complete", false)) {
      const long pct = explored.value("pct_runs", 0L);
      out += fmt::format(
          "No schedule of this scenario fails: {} explored, every one with up to {} (spurious "
          "wake-ups included){} ({:.2f} s).\n",
          Plural(explored_count, "schedule"), Plural(explored.value("bound", 0), "preemption"),
          pct > 0 ? fmt::format(", then {} with random priorities", pct) : "", seconds);
    } else {
      out += fmt::format("No failing schedule found in {} ({:.2f} s); the search stopped there.\n",
                         Plural(explored_count, "schedule"), seconds);
    }
    if (explored.value("too_long", 0L) > 0) {
      out += fmt::format("{} ran too long and were given up (a thread spinning?).\n",
                         Plural(explored.value("too_long", 0L), "schedule"));
    }
    return out;
  }
  // Columns: each as wide as its widest text, plus the location.
  const std::size_t columns = story.threads.size();
  std::vector<std::size_t> text_width(columns, 0), width(columns, 0);
  for (const StoryStep& step : story.steps) {
    text_width[step.thread - 1] = std::max(text_width[step.thread - 1], step.text.size());
  }
  for (const StoryStep& step : story.steps) {
    width[step.thread - 1] =
        std::max(width[step.thread - 1], text_width[step.thread - 1] + 3 + step.location.size());
  }
  for (std::size_t t = 0; t < columns; ++t) {
    width[t] = std::max(width[t], story.threads[t].size()) + 4;
  }
  std::string header = "  ";
  for (std::size_t t = 0; t < columns; ++t) {
    header +=
        t + 1 < columns ? fmt::format("{:<{}}", story.threads[t], width[t]) : story.threads[t];
  }
  out += header + "\n";
  for (const StoryStep& step : story.steps) {
    std::string line = "  ";
    for (int t = 1; t < step.thread; ++t) line += std::string(width[t - 1], ' ');
    line += fmt::format("{:<{}}   {}", step.text, text_width[step.thread - 1], step.location);
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  out += Wrap(story.ending, 96) + "\n";
  const json& run = explored.at("run");
  const int preemptions = run.value("preemptions", 0);
  const int spurious = run.value("spurious_wakeups", 0);
  if (explored.value("mode", "") == "replay") {
    out += "Replayed the schedule given.\n";
  } else {
    const bool bounded = explored.value("mode", "") == "bounded";
    out += fmt::format(
        "Found after {} ({:.2f} s), with {}{}.\n", Plural(explored_count, "schedule"), seconds,
        Plural(preemptions, "preemption") +
            (spurious > 0 ? " and " + Plural(spurious, "spurious wake-up") : ""),
        bounded ? ": no schedule with fewer thread switches fails"
                : fmt::format(", by random priorities (seed {}), after every schedule with up to "
                              "{} held",
                              explored.value("seed", 0),
                              Plural(explored.value("bound", 0), "preemption")));
  }
  out +=
      fmt::format("The same schedule comes out every time; replay it with:\n  {} --schedule {}\n",
                  input.replay_command, run.value("schedule", ""));
  return out;
}

json StoryJson(const Story& story, const StoryInput& input) {
  json out = {{"found", input.explored.value("found", false)},
              {"complete", input.explored.value("complete", false)},
              {"mode", input.explored.value("mode", "")},
              {"explored", input.explored.value("explored", 0)},
              {"seconds", input.explored.value("seconds", 0.0)},
              {"bound", input.explored.value("bound", 0)}};
  if (!input.explored.contains("run")) return out;
  const json& run = input.explored.at("run");
  out["outcome"] = run.value("outcome", "");
  out["schedule"] = run.value("schedule", "");
  out["preemptions"] = run.value("preemptions", 0);
  out["spurious_wakeups"] = run.value("spurious_wakeups", 0);
  out["threads"] = story.threads;
  out["ending"] = story.ending;
  json steps = json::array();
  for (const StoryStep& step : story.steps) {
    steps.push_back({{"index", step.index},
                     {"thread", step.thread},
                     {"text", step.text},
                     {"location", step.location}});
  }
  out["steps"] = steps;
  json conflicts = json::array();
  for (const auto& [a, b] : story.conflicts) conflicts.push_back({a, b});
  out["conflicts"] = conflicts;
  return out;
}

std::string StorySvg(const Story& story) {
  std::size_t longest = 22;  // characters, of the widest text in a box
  for (const StoryStep& step : story.steps) {
    longest = std::max({longest, step.text.size(), step.location.size()});
  }
  const int lane = 100, left = 20, top = 36;
  const int step_width = static_cast<int>(longest) * 8 + 28;  // 13px monospace: under 8px a char
  const int lanes = static_cast<int>(story.threads.size());
  const int width =
      left * 2 + step_width * static_cast<int>(std::max<std::size_t>(1, story.steps.size()));
  const int height = top + lane * lanes + 60;
  const auto escape = [](const std::string& text) {
    std::string out;
    for (char c : text) {
      if (c == '<')
        out += "&lt;";
      else if (c == '>')
        out += "&gt;";
      else if (c == '&')
        out += "&amp;";
      else
        out += c;
    }
    return out;
  };
  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" "
      "font-family=\"monospace\" font-size=\"13\">\n<rect width=\"100%\" height=\"100%\" "
      "fill=\"white\"/>\n",
      width, height);
  for (int t = 0; t < lanes; ++t) {
    const int y = top + lane * t;
    svg += fmt::format("<text x=\"{}\" y=\"{}\" font-weight=\"bold\">{}</text>\n", left, y - 12,
                       escape(story.threads[t]));
    svg += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#bbb\"/>\n", left,
                       y + 20, width - left, y + 20);
  }
  const auto box_x = [&](int i) { return left + step_width * i; };
  const auto box_y = [&](int thread) { return top + lane * (thread - 1); };
  // Each join runs from the edge of one box to the facing edge of the other.
  for (const auto& [a, b] : story.conflicts) {
    const StoryStep& from = story.steps[a];
    const StoryStep& to = story.steps[b];
    const bool down = from.thread < to.thread;
    svg += fmt::format(
        "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#d33\" stroke-width=\"2\"/>\n",
        box_x(a) + step_width / 2, box_y(from.thread) + (down ? 40 : 0), box_x(b) + step_width / 2,
        box_y(to.thread) + (down ? 0 : 40));
  }
  for (std::size_t i = 0; i < story.steps.size(); ++i) {
    const StoryStep& step = story.steps[i];
    const int x = box_x(static_cast<int>(i)), y = box_y(step.thread);
    svg += fmt::format(
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"40\" rx=\"4\" fill=\"{}\" "
        "stroke=\"#555\"/>\n<text x=\"{}\" y=\"{}\">{}</text>\n<text x=\"{}\" y=\"{}\" "
        "fill=\"#555\">{}</text>\n",
        x + 4, y, step_width - 8, step.writes ? "#fde2e2" : "#e8f0fe", x + 10, y + 16,
        escape(step.text), x + 10, y + 32, escape(step.location));
  }
  svg += fmt::format("<text x=\"{}\" y=\"{}\">{}</text>\n</svg>\n", left, height - 20,
                     escape(story.ending));
  return svg;
}

}  // namespace racelab
