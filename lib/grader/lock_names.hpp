// Names for the locks of a ThreadSanitizer report. TSan calls a lock "M37"; the student calls it
// `from.mu`. The frame where the report says a lock was taken (or created) is a line of the
// student's code, and that line names the lock.
#pragma once

#include <cstddef>
#include <string>

#include "sanitizer_report.hpp"

namespace racelab {

// The one lock that a line of code takes or declares, as written there:
//   "std::lock_guard<std::mutex> lock(mutex_);"       -> "mutex_"
//   "absl::MutexLock second(&accounts_[to].mutex);"   -> "accounts_[to].mutex"
//   "from.mu.lock();"                                 -> "from.mu"
//   "mutable absl::Mutex mu_;"                        -> "mu_"
// "" when the line names no lock, or several (std::scoped_lock lock(a, b)).
std::string LockName(const std::string& code);

// The student's name for lock `id` ("M37") in `report`, as seen from section `from`: the lock a
// section is about ("Mutex M37 acquired here ...", "Mutex M37 created at") is named by that
// section's line of student or test code. The nearest such section after `from` wins, then the
// nearest before it: in a lock-order inversion, the same lock is reached as `accounts_[from]`
// in one pair of sections and as `accounts_[to]` in the other. "" if no line names it.
std::string NameOfLock(const SanitizerReport& report, std::size_t from, const std::string& id);

// Section `index`'s heading with each lock named, addresses dropped:
//   "Mutex M59 acquired here while holding mutex M58 in main thread"
//     -> "Lock `accounts_[to].mutex` (M59) acquired here while holding lock
//         `accounts_[from].mutex` (M58) in main thread"
//   "Previous write of size 8 at 0x7b1c00002b78 by thread T6 (mutexes: write M187)"
//     -> "Previous write of size 8 by thread T6, holding `mutex_` (M187)"
std::string HeadingWithLockNames(const SanitizerReport& report, std::size_t index);

}  // namespace racelab
