// The numbers of a failed check, for its message: what was expected, what came, and the gap.
//
//   EXPECT_EQ(sum, expected) << "wrong sum: " << racelab::ExpectedGot(expected, sum);
//   // wrong sum: expected 6, got 4 (2 less)
#pragma once

#include <string>

namespace racelab {

// "expected 6, got 4 (2 less)", "expected 6, got 9 (3 more)", "expected 6, got 6".
inline std::string ExpectedGot(long expected, long got) {
  std::string text = "expected " + std::to_string(expected) + ", got " + std::to_string(got);
  if (got < expected) text += " (" + std::to_string(expected - got) + " less)";
  if (got > expected) text += " (" + std::to_string(got - expected) + " more)";
  return text;
}

}  // namespace racelab
