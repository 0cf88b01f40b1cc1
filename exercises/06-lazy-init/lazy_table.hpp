// Exercise 06: a table that is built once, on first use, by whichever thread needs it first.
//
// Building the table is slow, so LazyTable does not build it in its constructor: the first
// get() does, and later calls return the table already built. Here the first calls come from
// many threads at once. They can all find built_ still false, all run compute_, and all write
// table_ while the others read it. Each caller must get the one table, fully built, and
// compute_ must run exactly once per LazyTable.
//
// Task: make get() safe for many threads at once, including the very first calls, so that
// compute_ runs exactly once, on first use. Keep the public interface as it is.
#pragma once

#include <functional>
#include <utility>
#include <vector>

class LazyTable {
 public:
  // `compute` is slow and must run exactly once, on first use.
  explicit LazyTable(std::function<std::vector<long>()> compute) : compute_(std::move(compute)) {}

  // Called by many threads at once, including the very first calls. Every caller gets the one
  // table, fully built.
  const std::vector<long>& get() {
    if (!built_) {  // nobody has built it yet, so build it
      table_ = compute_();
      built_ = true;
    }
    return table_;
  }

 private:
  std::function<std::vector<long>()> compute_;
  std::vector<long> table_;
  bool built_ = false;
};
