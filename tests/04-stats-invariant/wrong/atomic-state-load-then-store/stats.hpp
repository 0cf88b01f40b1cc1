// A wrong fix: one atomic holding both numbers (right), updated by a load and then a store
// (wrong). Readers always see a whole state, but two threads that load the same state both
// store "that state plus my sample", and one sample is gone: the lost update of exercise 02,
// on a bigger value. No data race; only the final count shows it.
// racelab-expects: wrong-result
#pragma once

#include <atomic>
#include <utility>

class Stats {
 public:
  void add(long sample) {
    const State seen = state_.load();
    state_.store(State{seen.count + 1, seen.sum + sample});
  }

  long count() const { return state_.load().count; }
  long sum() const { return state_.load().sum; }

  double mean() const {
    const State state = state_.load();
    return state.count == 0 ? 0.0
                            : static_cast<double>(state.sum) / static_cast<double>(state.count);
  }

  std::pair<long, long> snapshot() const {
    const State state = state_.load();
    return {state.count, state.sum};
  }

 private:
  struct State {
    long count;
    long sum;
  };
  std::atomic<State> state_{State{0, 0}};
};
