// Exercise 21, solved with futures: each of the `workers` tasks fetches its share of the indices
// (i = w, w + workers, w + 2 * workers, ...) into a vector of its own and returns it through a
// std::future. The caller waits for every future, then puts the results in place; get() hands
// over a task's exception, if its fetch threw.
#pragma once

#include <cstddef>
#include <functional>
#include <future>
#include <string>
#include <utility>
#include <vector>

// Calls fetch(i) for every i in [0, n) on `workers` threads (fetch blocks, like I/O) and
// returns the results indexed by i.
inline std::vector<std::string> fetch_all(int n, int workers,
                                          const std::function<std::string(int)>& fetch) {
  using Share = std::vector<std::pair<int, std::string>>;
  std::vector<std::future<Share>> shares;
  for (int w = 0; w < workers; ++w) {
    shares.push_back(std::async(std::launch::async, [&fetch, n, workers, w] {
      Share share;
      for (int i = w; i < n; i += workers) share.emplace_back(i, fetch(i));
      return share;
    }));
  }
  for (std::future<Share>& share : shares) share.wait();  // every task done before any throw
  std::vector<std::string> results(static_cast<std::size_t>(n));
  for (std::future<Share>& share : shares) {
    for (auto& [i, result] : share.get()) results[static_cast<std::size_t>(i)] = std::move(result);
  }
  return results;
}
