// Exercise 06, solved with std::call_once and a std::once_flag member.
//
// call_once runs the function exactly once per once_flag: the first caller runs it, callers that
// arrive meanwhile wait until it has finished, and every caller returns only after the table is
// built, with everything the builder wrote visible to it. The flag is a member, so each
// LazyTable builds its own table once.
#pragma once

#include <functional>
#include <mutex>
#include <utility>
#include <vector>

class LazyTable {
 public:
  explicit LazyTable(std::function<std::vector<long>()> compute) : compute_(std::move(compute)) {}

  const std::vector<long>& get() {
    std::call_once(built_, [this] { table_ = compute_(); });
    return table_;  // written once, above, and only read from now on: no lock needed
  }

 private:
  std::function<std::vector<long>()> compute_;
  std::vector<long> table_;
  std::once_flag built_;
};
