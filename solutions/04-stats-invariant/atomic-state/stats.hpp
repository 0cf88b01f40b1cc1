// Exercise 04, solved with one atomic that holds both numbers.
//
// std::atomic<T> works for any trivially copyable T, a struct of two longs included: a load
// returns a whole State and a compare_exchange replaces a whole State, so no thread can ever
// see a count without its sum. A State is 16 bytes, more than most atomic instructions handle,
// so the compiler calls libatomic (a program using it links with -latomic), which uses the
// processor's 16-byte compare-and-swap where there is one and a hidden lock where there is
// none; is_lock_free() reports false either way. Correct in both cases: what matters is that
// the two numbers live in one atomic object and change in one step. (Packing both into one
// 64-bit word would be lock-free everywhere, but the interface promises a long count and a long
// sum: 32 bits each would overflow.)
#pragma once

#include <atomic>
#include <utility>

class Stats {
 public:
  // A read-modify-write on the whole State: read it, compute the next one, and install that
  // only if the State is still the one that was read. If another thread added in between,
  // compare_exchange_weak fails, puts the newer State into `seen`, and the loop tries again
  // from it. A load followed by a plain store would lose that other thread's sample.
  void add(long sample) {
    State seen = state_.load();
    while (!state_.compare_exchange_weak(seen, State{seen.count + 1, seen.sum + sample})) {
    }
  }

  long count() const { return state_.load().count; }
  long sum() const { return state_.load().sum; }

  // One load: the count and the sum of one State.
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
