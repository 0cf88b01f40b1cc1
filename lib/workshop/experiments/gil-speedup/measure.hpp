// One measurement of the gil-speedup experiment: `threads` threads run one program of the mini
// interpreter over and over for a while, and we count how much work they got done per second.
//
// The same code measures both interpreters; only the policy differs (see gil_on.cpp and
// gil_off.cpp, one translation unit each).
#pragma once

#include <time.h>

#include <atomic>
#include <chrono>
#include <latch>
#include <thread>
#include <vector>

#include "mini/interpreter.hpp"
#include "racelab/tracker.hpp"

enum class Workload { kCpu, kIo };

// How many instructions a thread runs before it hands the GIL to a waiting one. The
// interpreter's default, 100, makes turns happen often in the tests of exercise 11, but each
// hand-over wakes a sleeping thread, which takes longer than 100 instructions: CPU-bound threads
// would spend most of their time handing over. CPython hands over every 5 ms for that reason
// (sys.getswitchinterval()); here it is about a millisecond.
inline constexpr long kInstructionsPerTurn = 100'000;

// How long the other end of an I/O-bound program's connection takes to answer each request.
inline constexpr std::chrono::milliseconds kReplyLatency{1};

struct Rate {
  double work_per_second;  // loop iterations, or requests answered, per second of wall time
  double cores_busy;       // CPU time the process used per second of wall time
};

// `threads` threads run the workload's program on one interpreter for `seconds`, over and over.
// Defined in gil_on.cpp and gil_off.cpp.
Rate MeasureGilOn(Workload workload, int threads, double seconds);
Rate MeasureGilOff(Workload workload, int threads, double seconds);

namespace gil_speedup {

// CPU-bound: arithmetic in a loop, `total = total + i` for i in 0 .. 19999. Returns the
// iterations it made, the unit of work.
inline const mini::Program kCpuBound = mini::Assemble(R"(
          push 0
          store 0           # i = 0
          push 0
          store 1           # total = 0
    loop: load 0
          push 20000
          less
          jump_if_false done
          load 1
          load 0
          add
          store 1           # total = total + i
          load 0
          push 1
          add
          store 0           # i = i + 1
          jump loop
    done: load 0
          return)");

// I/O-bound: 5 requests, each sent on one channel (local 0) and answered on another (local 1),
// like a client talking to a server over a socket. `recv` waits for the answer, and it is the
// interpreter's one blocking call: with a GIL, it lets go of it while it waits (exercise 11).
// Returns the requests answered, the unit of work.
inline const mini::Program kIoBound = mini::Assemble(R"(
          push 0
          store 2           # i = 0
    loop: load 2
          push 5
          less
          jump_if_false done
          load 0
          load 2
          send              # requests.send(i)
          load 1
          recv              # reply = replies.recv(): waits about 1 ms
          pop
          load 2
          push 1
          add
          store 2           # i = i + 1
          jump loop
    done: load 2
          return)");

// CPU time this process has used so far, in seconds.
inline double CpuSeconds() {
  timespec now;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

template <class Policy>
Rate Measure(Workload workload, int threads, double seconds) {
  using Clock = std::chrono::steady_clock;
  using Obj = mini::Object<Policy>;
  racelab::Tracker tracker;  // every interpreter object counts itself in one
  mini::Interpreter<Policy> interpreter(tracker);
  interpreter.set_switch_interval(kInstructionsPerTurn);

  // I/O-bound: each thread has a connection, two channels, and a server thread at its other end,
  // which answers each request kReplyLatency after it arrived. The server sleeps meanwhile, as a
  // remote machine would be busy elsewhere: the time goes by without using this machine's CPU.
  struct Connection {
    mini::Channel<Policy>* requests;
    mini::Channel<Policy>* replies;
  };
  std::vector<Connection> connections;
  std::vector<std::thread> servers;
  if (workload == Workload::kIo) {
    for (int t = 0; t < threads; ++t) {
      connections.push_back({interpreter.new_channel(), interpreter.new_channel()});
    }
    for (const Connection& c : connections) {
      servers.emplace_back([&interpreter, c] {
        for (;;) {
          // The request's only reference came with it: nobody else touches its count.
          Obj* request = c.requests->receive();
          const long number = static_cast<mini::Int<Policy>*>(request)->value();
          decref(request);
          if (number < 0) return;  // hung up
          std::this_thread::sleep_for(kReplyLatency);
          c.replies->send(interpreter.new_int(number));
        }
      });
    }
  }

  std::atomic<bool> stop{false};
  std::vector<long> work(static_cast<std::size_t>(threads), 0);
  std::latch start(threads + 1);
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      start.arrive_and_wait();
      while (!stop.load(std::memory_order_relaxed)) {
        if (workload == Workload::kCpu) {
          work[t] += interpreter.run(kCpuBound);
        } else {
          // run() takes over a reference to each argument. Only this thread (and, at the end,
          // the main thread, after join) touches these two channels' counts.
          const Connection& c = connections[static_cast<std::size_t>(t)];
          incref(c.requests);
          incref(c.replies);
          work[t] += interpreter.run(kIoBound, {c.requests, c.replies});
        }
      }
    });
  }
  start.arrive_and_wait();
  const Clock::time_point began = Clock::now();
  const double cpu_began = CpuSeconds();
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop.store(true, std::memory_order_relaxed);
  for (std::thread& worker : workers) worker.join();  // each finishes the run it is in
  const std::chrono::duration<double> elapsed = Clock::now() - began;
  const double cpu = CpuSeconds() - cpu_began;

  for (std::size_t t = 0; t < servers.size(); ++t) {
    connections[t].requests->send(interpreter.new_int(-1));  // hang up
    servers[t].join();
    decref(connections[t].requests);
    decref(connections[t].replies);
  }
  long total = 0;
  for (long w : work) total += w;
  return {static_cast<double>(total) / elapsed.count(), cpu / elapsed.count()};
}

}  // namespace gil_speedup
