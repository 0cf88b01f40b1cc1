// A wrong fix: a function-local static. Its initialization is thread-safe (the compiler guards
// it, and it runs once), but there is one such static per program, not one per LazyTable: the
// first LazyTable whose get() runs fills it, and every other LazyTable returns that table.
// No data race; the tables' contents show it.
// racelab-expects: wrong-result
#pragma once

#include <functional>
#include <utility>
#include <vector>

class LazyTable {
 public:
  explicit LazyTable(std::function<std::vector<long>()> compute) : compute_(std::move(compute)) {}

  const std::vector<long>& get() {
    static const std::vector<long> table = compute_();
    return table;
  }

 private:
  std::function<std::vector<long>()> compute_;
};
