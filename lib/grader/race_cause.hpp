// Why two accesses raced, told from what a ThreadSanitizer report shows: whether one side freed
// the memory, which locks each side held, whether the sides were atomic, and whether the
// student's file orders them with a relaxed atomic.
#pragma once

#include <string>

#include "sanitizer_report.hpp"

namespace racelab {

// One or a few sentences for a student about the data race in `report`, each ending in "\n".
// Falls back to what every data race means when the report says nothing more.
std::string RaceCause(const SanitizerReport& report);

}  // namespace racelab
