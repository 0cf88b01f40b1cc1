// A wrong fix of exercise 00: "threads are where the bugs are, so don't start any". The sum is
// right and there is no race, but the lesson is starting and joining threads, and the tests count
// the threads each call starts.
// racelab-expects: constraint
#pragma once

#include <numeric>
#include <vector>

inline long threaded_sum(const std::vector<long>& values, int /*threads*/) {
  return std::accumulate(values.begin(), values.end(), 0L);
}
