// A wrong fix: one atomic pointer to an immutable State. add() builds the next State and
// installs it with compare_exchange (right so far), then deletes the State it replaced. But a
// reader may have loaded that pointer a moment earlier and still be reading through it: it
// reads freed memory. Safe reclamation (who may free a State, and when) is the hard part of
// this design.
// racelab-expects: use-after-free or data-race
#pragma once

#include <atomic>
#include <utility>

class Stats {
 public:
  ~Stats() { delete state_.load(); }

  void add(long sample) {
    const State* seen = state_.load();
    const State* next = new State{seen->count + 1, seen->sum + sample};
    while (!state_.compare_exchange_weak(seen, next)) {
      delete next;
      next = new State{seen->count + 1, seen->sum + sample};
    }
    delete seen;
  }

  long count() const { return state_.load()->count; }
  long sum() const { return state_.load()->sum; }

  double mean() const {
    const auto [n, s] = snapshot();
    return n == 0 ? 0.0 : static_cast<double>(s) / static_cast<double>(n);
  }

  std::pair<long, long> snapshot() const {
    const State* state = state_.load();
    return {state->count, state->sum};
  }

 private:
  struct State {
    long count;
    long sum;
  };
  std::atomic<const State*> state_{new State{0, 0}};
};
