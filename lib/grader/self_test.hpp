// `lab test`: proves the lab itself is sound.
//   - the unit tests of lib/ pass;
//   - each probe (tests/lib/probes/) gets the verdict it names: the grader, the watchdog and the
//     one TSan suppression behave as documented;
//   - every starter fails, with one of the categories its exercise.json expects (never
//     compile-error), every kept wrong fix fails with one of the categories it names, and every
//     solution variant passes: `repeat` times each (`wrong_fix_repeat` times each wrong fix);
//   - each solution's binary runs exactly the test cases the grader expects.
// Ends with "N passed, N failed".
#pragma once

#include <iosfwd>
#include <vector>

#include "catalog.hpp"
#include "grade.hpp"

namespace racelab {

// Returns the number of failed checks.
int RunSelfTest(Grader& grader, const std::vector<const Exercise*>& exercises, int repeat,
                int wrong_fix_repeat, std::ostream& out);

}  // namespace racelab
