// racelab-probe-expects: pass
// A race-free TBB reduction. With Debian's prebuilt oneTBB, TSan reports dozens of false races;
// with oneTBB built under TSan (TBB_SANITIZE=thread) it must pass.
#include <gtest/gtest.h>
#include <tbb/blocked_range.h>
#include <tbb/parallel_reduce.h>

#include <functional>
#include <numeric>
#include <vector>

TEST(Probe, TbbParallelReduceIsClean) {
  std::vector<long> values(1'000'000);
  std::iota(values.begin(), values.end(), 0);
  const long sum = tbb::parallel_reduce(
      tbb::blocked_range<std::size_t>(0, values.size()), 0L,
      [&](const tbb::blocked_range<std::size_t>& range, long partial) {
        for (std::size_t i = range.begin(); i != range.end(); ++i) partial += values[i];
        return partial;
      },
      std::plus<>());
  EXPECT_EQ(sum, 999'999L * 1'000'000 / 2);
}
