// Exercise 00: your first threads.
//
// A std::thread runs a function of its own, at the same time as the code that started it, and
// it sees the same memory. threaded_sum cuts `values` into one slice per thread: thread t sums
// slice t and writes the result into partial[t], a slot that no other thread touches. Then the
// slots are added up.
//
// The bug: every thread is detached, so nobody waits for it. The slots are added up while the
// threads may still be summing, or before they have even started, and the total comes out
// short. Worse, `partial` is destroyed when threaded_sum returns, so a thread that is still
// running writes its result into memory that is no longer there.
//
// Task: wait until every thread has finished before you read the slots. Start `threads` threads
// (or `threads - 1` and sum the last slice on the calling thread). Keep the signature as it is.
#pragma once

#include <cstddef>
#include <numeric>
#include <thread>
#include <vector>

// Sums `values` on `threads` threads (1 <= threads <= 64), each summing its own slice into its
// own slot; returns the total only after every thread has finished.
inline long threaded_sum(const std::vector<long>& values, int threads) {
  const std::size_t count = static_cast<std::size_t>(threads);
  std::vector<long> partial(count, 0);  // partial[t] is written by thread t only
  for (std::size_t t = 0; t < count; ++t) {
    // Slice t is values[begin, end). Together the slices cover every value exactly once.
    const long* begin = values.data() + values.size() * t / count;
    const long* end = values.data() + values.size() * (t + 1) / count;
    long* slot = &partial[t];
    // The thread gets its own copies of the three pointers: its slice and its slot.
    std::thread worker([begin, end, slot] { *slot = std::accumulate(begin, end, 0L); });
    worker.detach();  // lets the thread run on its own: nobody will wait for it
  }
  long total = 0;
  for (long sum : partial) total += sum;
  return total;
}
