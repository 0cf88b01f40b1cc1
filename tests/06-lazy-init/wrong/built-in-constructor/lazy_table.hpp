// A wrong fix: build the table in the constructor, so that get() only reads. Safe for threads,
// but no longer lazy: the slow compute runs for every LazyTable, even one nobody ever uses.
// racelab-expects: wrong-result
#pragma once

#include <functional>
#include <vector>

class LazyTable {
 public:
  explicit LazyTable(std::function<std::vector<long>()> compute) : table_(compute()) {}

  const std::vector<long>& get() { return table_; }

 private:
  std::vector<long> table_;
};
