// Exercise 08: an append-only log that readers scan while writers append.
//
// Writers add events at the end; readers ask how many there are and read the ones they know to
// exist. Nothing is ever changed or removed, so it looks as if readers could read freely. They
// cannot. push_back writes the vector's size while readers read it, and when the vector is
// full, push_back moves every element to a bigger buffer and frees the old one: a reader still
// scanning the old buffer reads freed memory.
//
// Task: make EventLog safe while writers append and readers read. Two ways work well: a lock
// (a std::shared_mutex lets the readers in together), or tbb::concurrent_vector, which never
// moves its elements, plus a count of the events that are completely written. Keep the public
// interface as it is.
#pragma once

#include <cstddef>
#include <numeric>
#include <vector>

class EventLog {
 public:
  // Adds `event` at the end. Writers call it while readers read.
  void append(long event) { events_.push_back(event); }

  // How many events the log holds.
  std::size_t size() const { return events_.size(); }

  // The event at position i, for any i below a size() the caller has seen.
  long at(std::size_t i) const { return events_[i]; }

  // The sum of the first n events, for any n up to a size() the caller has seen.
  long sum_of_first(std::size_t n) const {
    return std::accumulate(events_.begin(), events_.begin() + static_cast<long>(n), 0L);
  }

 private:
  std::vector<long> events_;
};
