#include "race_cause.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <regex>
#include <set>
#include <sstream>
#include <vector>

#include "lock_names.hpp"
#include "process.hpp"

namespace racelab {
namespace {

// A file's code without its // comments.
std::string CodeOf(const std::string& file) {
  std::istringstream lines(ReadFile(file, 1u << 20));
  std::string code;
  for (std::string line; std::getline(lines, line);) code += line.substr(0, line.find("//")) + "\n";
  return code;
}

std::string BaseName(const std::string& path) { return path.substr(path.rfind('/') + 1); }

// "`mutex_` (M187)" or "M187", for each lock in `locks`, joined with "and".
std::string LockList(const SanitizerReport& report, std::size_t section,
                     const std::vector<std::string>& locks) {
  std::string list;
  for (std::size_t i = 0; i < locks.size(); ++i) {
    if (i > 0) list += i + 1 == locks.size() ? " and " : ", ";
    const std::string name = NameOfLock(report, section, locks[i]);
    list += name.empty() ? locks[i] : "`" + name + "`";
  }
  return list;
}

std::vector<std::string> Ids(const std::vector<ReportSection::HeldLock>& locks) {
  std::vector<std::string> ids;
  for (const auto& lock : locks) ids.push_back(lock.id);
  return ids;
}

bool Atomic(const ReportSection& section) {
  return section.heading.find("tomic ") != std::string::npos;
}

// Why a free raced: the object was deleted while in use, or a vector freed its old buffer.
std::string FreeCause(const ReportSection& freeing) {
  const bool vector_grew =
      std::any_of(freeing.frames.begin(), freeing.frames.end(), [](const Frame& frame) {
        return frame.function.find("_M_realloc") != std::string::npos ||
               frame.function.find("::reserve") != std::string::npos;
      });
  if (vector_grew) {
    return "One side frees the memory: a std::vector that grows moves its elements to a bigger "
           "buffer and frees the old one, while another thread still used it.\n";
  }
  return "One side frees the memory: the object was deleted while another thread still used "
         "it.\n";
}

// What the locks each side held say: one side had none, the sides had different ones, or both
// held the same lock only shared.
std::string LockCause(const SanitizerReport& report, std::size_t a, std::size_t b) {
  const auto& first = report.sections[a];
  const auto& second = report.sections[b];
  const auto first_locks = first.held_locks();
  const auto second_locks = second.held_locks();
  if (first_locks.empty() && second_locks.empty()) return "";
  if (first_locks.empty() || second_locks.empty()) {
    const std::size_t holder = first_locks.empty() ? b : a;
    return fmt::format(
        "Only one side held a lock ({}): a lock orders two accesses only if both take it, the "
        "reads as well as the writes.\n",
        LockList(report, holder, Ids(report.sections[holder].held_locks())));
  }
  std::vector<std::string> common;
  bool exclusive = false;  // some common lock was held for writing by both
  for (const auto& lock : first_locks) {
    for (const auto& other : second_locks) {
      if (lock.id != other.id) continue;
      common.push_back(lock.id);
      exclusive = exclusive || (!lock.shared && !other.shared);
    }
  }
  if (common.empty()) {
    return fmt::format(
        "The two sides held different locks ({} against {}): only the same lock orders two "
        "accesses. Guard this memory with one lock, everywhere.\n",
        LockList(report, a, Ids(first_locks)), LockList(report, b, Ids(second_locks)));
  }
  if (!exclusive) {
    return fmt::format(
        "Both sides held {} only shared (a reader lock, which many threads hold at once): "
        "whoever writes must hold it exclusively (std::unique_lock or std::lock_guard, "
        "absl::MutexLock).\n",
        LockList(report, a, common));
  }
  return "";
}

}  // namespace

std::string RaceCause(const SanitizerReport& report) {
  const std::string every_race =
      "Two threads touched the same memory, at least one of them writing, and no lock or atomic "
      "operation ordered the two accesses.\n";
  std::vector<std::size_t> accesses;
  for (std::size_t i = 0; i < report.sections.size() && accesses.size() < 2; ++i) {
    if (report.sections[i].access()) accesses.push_back(i);
  }
  if (accesses.size() < 2) return every_race;
  const ReportSection& first = report.sections[accesses[0]];
  const ReportSection& second = report.sections[accesses[1]];

  std::string cause;
  if (first.frees() || second.frees()) {
    cause += FreeCause(first.frees() ? first : second);
  } else if (first.allocates() || second.allocates()) {
    cause +=
        "One side allocates the memory: it was freed and handed out again while another thread "
        "still used the old object through a pointer it kept.\n";
  }
  cause += LockCause(report, accesses[0], accesses[1]);
  if (Atomic(first) != Atomic(second)) {
    cause +=
        "One side is an atomic access and the other a plain one: an atomic orders nothing for a "
        "plain access to the same memory. Make every access to it atomic, or guard them all with "
        "one lock.\n";
  }

  // The student's files behind the two accesses, and the atomics they use.
  std::set<std::string> files;
  for (const ReportSection* side : {&first, &second}) {
    for (const Frame& frame : side->frames) {
      if (IsStudentFile(frame.file)) files.insert(frame.file);
    }
  }
  static const std::regex relaxed(R"(memory_order_relaxed|memory_order::relaxed)");
  static const std::regex atomic(R"(\batomic\b|\batomic_ref\b|__atomic_|__sync_)");
  static const std::regex fence(R"(\batomic_thread_fence\b)");
  std::string relaxed_file;
  std::string fence_file;
  bool uses_atomics = false;
  for (const std::string& file : files) {
    const std::string code = CodeOf(file);
    if (relaxed_file.empty() && std::regex_search(code, relaxed)) relaxed_file = BaseName(file);
    if (fence_file.empty() && std::regex_search(code, fence)) fence_file = BaseName(file);
    uses_atomics = uses_atomics || std::regex_search(code, atomic);
  }
  if (!fence_file.empty()) {
    // The sanitizer's runtime leaves fences unimplemented: it cannot tell a right one from none.
    cause += fmt::format(
        "{} orders memory with std::atomic_thread_fence, and ThreadSanitizer does not model "
        "fences: it sees only the relaxed accesses beside them, so it reports this pair even "
        "where the fences are placed right. The lab judges by ThreadSanitizer: put the ordering "
        "on the atomic itself, a store with release and a load with acquire.\n",
        fence_file);
  } else if (!relaxed_file.empty()) {
    cause += fmt::format(
        "The atomic in {} is relaxed, so it orders nothing but itself: use release on the store "
        "and acquire on the load (acq_rel on a read-modify-write such as fetch_sub).\n",
        relaxed_file);
  } else if (uses_atomics && cause.empty()) {
    cause +=
        "Your code uses atomics, but none of them ordered these two accesses: a store publishes "
        "only the writes made before it, and only to a thread whose load sees that store.\n";
  }
  return cause.empty() ? every_race : cause;
}

}  // namespace racelab
