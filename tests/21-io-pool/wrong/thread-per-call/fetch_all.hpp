// A wrong fix for 21: one std::async per call, whatever `workers` says. All n calls wait at
// once: for a thousand downloads, a thousand threads.
// racelab-expects: wrong-result
#pragma once

#include <cstddef>
#include <functional>
#include <future>
#include <string>
#include <vector>

inline std::vector<std::string> fetch_all(int n, int /*workers*/,
                                          const std::function<std::string(int)>& fetch) {
  std::vector<std::future<std::string>> calls;
  for (int i = 0; i < n; ++i) calls.push_back(std::async(std::launch::async, fetch, i));
  for (std::future<std::string>& call : calls) call.wait();
  std::vector<std::string> results;
  for (std::future<std::string>& call : calls) results.push_back(call.get());
  return results;
}
