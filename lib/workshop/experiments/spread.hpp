// What every experiment reports of repeated measurements: the median, and the spread around it.
// The median, not the mean: on a shared machine one run disturbed by another program must not
// move the figure, and the spread (min-max) shows that it happened.
#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

struct Spread {
  double median, min, max;
};

// `values` must not be empty.
inline Spread Summarize(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  const double median = n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  return {median, values.front(), values.back()};
}
