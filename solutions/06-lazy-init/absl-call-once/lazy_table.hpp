// Exercise 06, solved with absl::call_once and an absl::once_flag member: the same contract as
// std::call_once (one run per flag; every caller returns after it, and sees what it wrote).
#pragma once

#include <functional>
#include <utility>
#include <vector>

#include "absl/base/call_once.h"

class LazyTable {
 public:
  explicit LazyTable(std::function<std::vector<long>()> compute) : compute_(std::move(compute)) {}

  const std::vector<long>& get() {
    absl::call_once(built_, [this] { table_ = compute_(); });
    return table_;
  }

 private:
  std::function<std::vector<long>()> compute_;
  std::vector<long> table_;
  absl::once_flag built_;  // one per LazyTable
};
