// One counter to measure, seen by the harness through function pointers only.
//
// Why function pointers: every increment must cost one real call, for every variant and for the
// no-sharing limit alike. Each variant lives in a translation unit of its own (variants/*.cpp) and
// the harness calls `increment` through a pointer it only learns at run time, so the compiler
// cannot inline the call into the counting loop, and cannot keep the count in a register across
// iterations: the callee reads and writes it in memory on every call. Checked in the
// disassembly (GCC 12, -O3: `objdump -d -C racelab_experiment_counter-scaling`): the counting
// loop is `mov %rbp,%rdi; call *%r12; sub $0x1,%rbx; jne`, one indirect call per increment,
// and the limit's increment is `addq $0x1,(%rdi); ret`, the count read and written in memory.
//
// Why one translation unit per variant: the reference solutions of one exercise all define the
// same class name (`Counter`, `ShardedCounter`). Linked into one program under one name, the
// linker would keep a single copy of their inline member functions and we would measure one
// solution under several labels. Each variants/*.cpp renames the class before including it.
#pragma once

#include <string_view>

struct Variant {
  std::string_view key;    // a short name for files and the plot, e.g. "std-mutex"
  std::string_view label;  // what the table and the legend say
  bool shared;             // true: all threads share one counter; false: one counter per thread
  bool sharded_solution;   // a reference solution of exercise 03 (the best must near the limit)
  void* (*make)();         // a new counter
  void (*increment)(void*);
  long (*value)(void*);
  void (*destroy)(void*);
};

// Wraps a counter class C into a Variant. Each lambda becomes a real function of the variant's
// own translation unit; only their addresses leave it.
template <class C>
Variant MakeVariant(std::string_view key, std::string_view label, bool shared,
                    bool sharded_solution) {
  return {key,
          label,
          shared,
          sharded_solution,
          []() -> void* { return new C; },
          [](void* counter) { static_cast<C*>(counter)->increment(); },
          [](void* counter) -> long { return static_cast<C*>(counter)->value(); },
          [](void* counter) { delete static_cast<C*>(counter); }};
}

// The limit first, then the fixes in the course's order (variants/*.cpp).
Variant PrivateCounterLimit();
Variant StdMutex();
Variant AbslMutex();
Variant AtomicFetchAdd();
Variant UnpaddedShards();
Variant AtomicShards();
Variant PaddedShards();
Variant Combinable();
Variant EnumerableThreadSpecific();
