// The no-sharing limit: what counting costs when nothing is shared. Each thread gets a counter of
// its own (Variant::shared is false) and increments it through the same call as the variants:
// one call through a pointer per increment, the count read and written in memory by the callee
// (`addq $0x1,(%rdi); ret` in the disassembly). A sharded counter at its best does exactly this
// plus finding its shard, so this is the ceiling it is measured against.
#include "variant.hpp"

namespace {

// alignas(64): a cache line of its own, so two threads' private counters never share one.
class alignas(64) PrivateCounter {
 public:
  void increment() { ++count_; }
  long value() const { return count_; }

 private:
  long count_ = 0;
};

}  // namespace

Variant PrivateCounterLimit() {
  return MakeVariant<PrivateCounter>("limit", "no sharing: a private counter per thread (limit)",
                                     false, false);
}
