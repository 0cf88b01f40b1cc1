// Reports of ThreadSanitizer, AddressSanitizer and UBSan, read from a test binary's output and
// retold for a student: which threads, which functions, which lines of their file.
#pragma once

#include <string>
#include <vector>

namespace racelab {

struct Frame {
  std::string function;
  std::string file;  // absolute path, as the sanitizer printed it
  int line = 0;
};

// One part of a report: an access ("Read of size 8 at ... by thread T3"), a lock acquisition,
// a free, an allocation, or where a thread was created.
struct ReportSection {
  std::string heading;  // the sanitizer's line, without the trailing ':'
  std::string thread;   // "T3", "main thread", or ""
  std::vector<Frame> frames;
  bool thread_creation() const { return heading.rfind("Thread T", 0) == 0; }
  // "Mutex M187 (0x...) created at": where ThreadSanitizer first saw a lock.
  bool mutex_creation() const;
  // "Read of size 8 ...", "Previous atomic write ...": one side of a data race.
  bool access() const;
  // An access made by freeing the memory: its innermost frame is operator delete or free().
  bool frees() const;
  // An access made by allocating the memory: its innermost frame is operator new or malloc().
  bool allocates() const;
  // The locks held during an access, as ThreadSanitizer lists them ("(mutexes: write M187,
  // read M60)"): {"M187", false}, {"M60", true}.
  struct HeldLock {
    std::string id;
    bool shared = false;
  };
  std::vector<HeldLock> held_locks() const;
};

struct SanitizerReport {
  std::string tool;      // "ThreadSanitizer", "AddressSanitizer", "UndefinedBehaviorSanitizer"
  std::string kind;      // "data race", "lock-order-inversion (potential deadlock)", "SEGV", ...
  std::string location;  // "Location is heap block of size 8 ...", when given
  std::vector<ReportSection> sections;
};

std::vector<SanitizerReport> ParseSanitizerReports(const std::string& output);

// The racelab category of a report: data-race, lock-order-inversion, use-after-free,
// double-free, leak or crash.
std::string CategoryOf(const SanitizerReport& report);

// A few lines for a student: what happened, in which thread, at which line of their code.
std::string Explain(const SanitizerReport& report);

// The text of line `line` of `file`, trimmed; "" if unreadable.
std::string SourceLine(const std::string& file, int line);

// True for the files a student writes (exercises/, solutions/, submission/, the kept wrong fixes)
// and the lab's probes and demos (lib/workshop/demos/), which play the student's part.
bool IsStudentFile(const std::string& file);

// One line naming the report and the places in the student's code it is about:
// "ThreadSanitizer: data race in Counter::value() at counter.hpp:17 and Counter::increment() at
// counter.hpp:14".
std::string Summary(const SanitizerReport& report);

// `text` with each run of stack-frame lines ("#N function /file:line ...") replaced by one line:
// the frame InterestingFrame picks, with its source line. For the lab's own reports of where
// threads wait.
std::string CondenseStacks(const std::string& text);

// The frame to show for a section: the first one in a student's file (exercises/, solutions/,
// submission/), else the first in a test, else the first one with a file.
const Frame* InterestingFrame(const ReportSection& section);

}  // namespace racelab
