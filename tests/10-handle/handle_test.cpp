// Tests of exercise 10: Handle<T>, a minimal shared pointer, copied, assigned and destroyed on
// many threads at once.
//
// The handles share Items (and Nodes), which a Tracker counts: a leak (a count that never reached
// zero) and a double delete (two owners that both saw zero) show in its numbers. ThreadSanitizer
// sees the rest: a count updated without atomics, and a delete that is not ordered after another
// owner's last write to the item. The first tests run on one thread and pin down what a shared
// pointer does, including that no item is deleted while a handle still owns it; the later ones
// run the same operations on four threads at once.
#include "handle.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <string_view>
#include <thread>
#include <vector>

#include "racelab/category.hpp"
#include "racelab/expected.hpp"
#include "racelab/run_concurrently.hpp"
#include "racelab/source_rules.hpp"
#include "racelab/tracker.hpp"

namespace {

using racelab::Tracker;

constexpr int kThreads = 4;

// An item found deleted while a handle still owns it: every later use of that handle is a use
// after free. ThreadSanitizer reports one only while the freed memory has not been handed out
// again, so the tests check for it themselves and tag it (racelab::kUseAfterFree).

// What the handles share. marks[t] is written only by thread t, so that several owners can write
// to one item without racing with each other.
struct Item {
  Item(Tracker& tracker, int value) : value(value), life(tracker) {}
  int value;
  int marks[kThreads] = {};
  Tracker::Life life;  // counts creations and deletes
};

// A node of a singly linked list: its handle to the next node lives inside the node.
struct Node {
  Node(Tracker& tracker, int value, const Handle<Node>& next)
      : value(value), next(next), life(tracker) {}
  int value;
  Handle<Node> next;
  Tracker::Life life;
};

// ---- One thread: what a shared pointer does --------------------------------------------------

// A default-constructed handle owns nothing, and neither do its copies.
TEST(Handle, EmptyHandleOwnsNothing) {
  Handle<Item> empty;
  EXPECT_EQ(empty.get(), nullptr) << "a default-constructed handle must be empty.";
  EXPECT_EQ(empty.use_count(), 0) << "an empty handle has no owners, use_count() must be 0: "
                                  << racelab::ExpectedGot(0, empty.use_count()) << ".";
  Handle<Item> copy(empty);
  EXPECT_EQ(copy.get(), nullptr) << "a copy of an empty handle must be empty.";
  EXPECT_EQ(copy.use_count(), 0) << "a copy of an empty handle has no owners: "
                                 << racelab::ExpectedGot(0, copy.use_count()) << ".";
}

// Handle(T*) takes ownership: it is the one owner, gives access to the item, and deletes it when
// destroyed.
TEST(Handle, TakesOwnershipAndDeletes) {
  Tracker tracker;
  {
    Item* item = new Item(tracker, 7);
    Handle<Item> handle(item);
    EXPECT_EQ(handle.use_count(), 1) << "a handle made from a new object is its only owner: "
                                     << racelab::ExpectedGot(1, handle.use_count()) << ".";
    EXPECT_EQ(handle.get(), item) << "get() must return the object the handle owns.";
    EXPECT_EQ(&*handle, item) << "*handle must be the object the handle owns.";
    EXPECT_EQ(handle->value, 7) << "handle-> must reach the object the handle owns.";
  }
  tracker.ExpectAllFreedOnce();
}

// Copies share one item and one count: every copy sees the same use_count(), and the item is
// deleted only when the last of them is destroyed.
TEST(Handle, CopiesShareOneCount) {
  Tracker tracker;
  {
    Handle<Item> first(new Item(tracker, 1));
    Handle<Item> second(first);
    EXPECT_EQ(second.get(), first.get()) << "a copy must own the same object.";
    {
      Handle<Item> third(second);
      EXPECT_EQ(first.use_count(), 3)
          << "three handles own the item, " << racelab::ExpectedGot(3, first.use_count())
          << ": every one of them must say so. The count is shared, not kept per handle.";
      EXPECT_EQ(second.use_count(), 3) << "three handles own the item, seen from the second: "
                                       << racelab::ExpectedGot(3, second.use_count()) << ".";
      EXPECT_EQ(third.use_count(), 3) << "three handles own the item, seen from the third: "
                                      << racelab::ExpectedGot(3, third.use_count()) << ".";
    }
    EXPECT_EQ(first.use_count(), 2) << "destroying a copy must drop the count by one: "
                                    << racelab::ExpectedGot(2, first.use_count()) << ".";
    EXPECT_EQ(tracker.live(), 1) << "the item was deleted while two handles still owned it: "
                                 << racelab::ExpectedGot(1, tracker.live()) << ".";
  }
  tracker.ExpectAllFreedOnce();
}

// Copy assignment lets go of the old item (deleting it if this was its last owner) and shares
// the new one; assigning from or to an empty handle works too.
TEST(Handle, CopyAssignmentReleasesTheOldItem) {
  Tracker tracker;
  {
    Handle<Item> a(new Item(tracker, 1));
    Handle<Item> b(new Item(tracker, 2));
    a = b;
    EXPECT_EQ(tracker.live(), 1) << "after a = b, a's old item had no owner left: it must be "
                                    "deleted by the assignment. Items alive: "
                                 << racelab::ExpectedGot(1, tracker.live()) << ".";
    EXPECT_EQ(a.get(), b.get()) << "after a = b, both must own b's item.";
    EXPECT_EQ(b.use_count(), 2) << "after a = b, b's item has two owners: "
                                << racelab::ExpectedGot(2, b.use_count()) << ".";

    Handle<Item> empty;
    a = empty;
    EXPECT_EQ(a.get(), nullptr) << "assigning an empty handle must leave the target empty.";
    EXPECT_EQ(a.use_count(), 0) << "assigning an empty handle must leave the target empty: "
                                << racelab::ExpectedGot(0, a.use_count()) << ".";
    EXPECT_EQ(b.use_count(), 1) << "a = empty must release a's reference to b's item: "
                                << racelab::ExpectedGot(1, b.use_count()) << ".";

    empty = b;
    EXPECT_EQ(empty.get(), b.get()) << "assigning to an empty handle must make it share the item.";
    EXPECT_EQ(b.use_count(), 2) << "assigning to an empty handle must add an owner: "
                                << racelab::ExpectedGot(2, b.use_count()) << ".";
  }
  tracker.ExpectAllFreedOnce();
}

// h = h keeps the item. An assignment that lets go of the old item before taking the new one
// deletes it here, since the two are the same. The handle lives on the heap so that the test can
// leave it alone if that happened: destroying it would delete the item a second time.
TEST(Handle, SelfAssignmentKeepsTheItem) {
  Tracker tracker;
  auto* handle = new Handle<Item>(new Item(tracker, 7));
  const Handle<Item>& same = *handle;
  *handle = same;
  if (tracker.live() != 1) {
    ADD_FAILURE() << racelab::kUseAfterFree
                  << "h = h deleted the item h owns, and h still points to it. Take the new "
                     "reference before releasing the old one (or copy, then swap).";
    return;  // leaves the handle, which points to freed memory, alone
  }
  EXPECT_EQ(handle->use_count(), 1)
      << "h = h must leave the count as it was: " << racelab::ExpectedGot(1, handle->use_count())
      << ".";
  EXPECT_EQ((*handle)->value, 7) << "h = h must leave the item as it was.";
  delete handle;
  tracker.ExpectAllFreedOnce();
}

// The list 1 -> 2 -> 3 is owned only by `head`. head = head->next copies from a handle that
// lives inside node 1, which the assignment releases: node 1 must go, nodes 2 and 3 must stay.
// Releasing node 1 first would destroy the source of the copy, and with it nodes 2 and 3. The
// same with a move, head = std::move(head->next), for node 2.
TEST(Handle, AssignmentFromInsideTheReleasedItem) {
  Tracker tracker;
  auto* head = new Handle<Node>();
  for (int value = 3; value >= 1; --value) {
    Handle<Node> node(new Node(tracker, value, *head));
    *head = node;
  }
  ASSERT_EQ(tracker.live(), 3) << "building the list 1 -> 2 -> 3 went wrong: nodes alive "
                               << racelab::ExpectedGot(3, tracker.live()) << ".";
  ASSERT_EQ(head->use_count(), 1) << "building the list 1 -> 2 -> 3 went wrong: node 1's owners "
                                  << racelab::ExpectedGot(1, head->use_count()) << ".";

  *head = (*head)->next;
  if (tracker.live() != 2) {
    ADD_FAILURE() << racelab::kUseAfterFree
                  << "head = head->next, with head the only owner of node 1, "
                  << "left " << tracker.live() << " of the 3 nodes instead of 2: releasing node 1 "
                  << "destroyed the handle being copied (it lives in node 1), and the nodes "
                     "after it. Copy the source first, then release the old node.";
    return;  // leaves `head`, which may point to freed memory, alone
  }
  EXPECT_EQ((*head)->value, 2) << "head = head->next must move head to node 2.";
  EXPECT_EQ(head->use_count(), 1) << "node 2's other owner, node 1, is gone: head is its only "
                                     "owner now, "
                                  << racelab::ExpectedGot(1, head->use_count()) << ".";

  *head = std::move((*head)->next);
  if (tracker.live() != 1) {
    ADD_FAILURE() << racelab::kUseAfterFree << "head = std::move(head->next) left "
                  << tracker.live()
                  << " of the 2 nodes instead of 1: releasing node 2 destroyed the handle being "
                     "moved from, which lives in node 2. Take it over first, then release.";
    return;
  }
  EXPECT_EQ((*head)->value, 3) << "head = std::move(head->next) must move head to node 3.";
  EXPECT_EQ(head->use_count(), 1) << "head must be node 3's only owner: "
                                  << racelab::ExpectedGot(1, head->use_count()) << ".";
  delete head;
  tracker.ExpectAllFreedOnce();
}

// A move hands the ownership over: the target owns the item with the count unchanged, and the
// source is left empty. A moved-from handle that still owned the item would release it a second
// time when destroyed, so on failure the test leaves the handles alone.
TEST(Handle, MovesHandOverOwnership) {
  Tracker tracker;
  Item* item = new Item(tracker, 5);
  auto* source = new Handle<Item>(item);
  auto* target = new Handle<Item>(std::move(*source));
  if (source->get() != nullptr || source->use_count() != 0) {
    ADD_FAILURE() << "after Handle target(std::move(source)), source must be empty (get() == "
                     "nullptr, use_count() == 0), but it still points to the item. A moved-from "
                     "handle that still owns releases the item a second time when destroyed.";
    return;  // leaves both handles alone
  }
  EXPECT_EQ(target->get(), item) << "the handle moved to must own the item.";
  EXPECT_EQ(target->use_count(), 1) << "a move must not change the count: one owner before, one "
                                       "after, "
                                    << racelab::ExpectedGot(1, target->use_count()) << ".";

  auto* other = new Handle<Item>(new Item(tracker, 6));
  *other = std::move(*target);
  if (target->get() != nullptr || target->use_count() != 0) {
    ADD_FAILURE() << "after other = std::move(target), target must be empty, but it still "
                     "points to the item.";
    return;
  }
  EXPECT_EQ(tracker.live(), 1) << "other = std::move(target) must delete other's old item, "
                                  "whose only owner it was. Items alive: "
                               << racelab::ExpectedGot(1, tracker.live()) << ".";
  EXPECT_EQ(other->get(), item) << "other = std::move(target) must make other own target's item.";
  EXPECT_EQ(other->use_count(), 1)
      << "a move must not change the count: " << racelab::ExpectedGot(1, other->use_count()) << ".";
  delete source;
  delete target;
  delete other;
  tracker.ExpectAllFreedOnce();
}

// ---- Many threads ----------------------------------------------------------------------------

// The test owns two items; each thread has its own handles to both and copies, assigns and moves
// them 10,000 times. Every call ends with as many owners as it began with, so the counts must
// end where they started and both items must still be alive.
TEST(Handle, ManyThreadsCopyAssignAndMove) {
  Tracker tracker;
  Handle<Item> a(new Item(tracker, 1));
  Handle<Item> b(new Item(tracker, 2));
  {
    std::vector<Handle<Item>> to_a(kThreads, a);
    std::vector<Handle<Item>> to_b(kThreads, b);
    racelab::RunConcurrently({.threads = kThreads, .calls = 10'000}, [&](int t, int) {
      const auto mine = static_cast<std::size_t>(t);
      Handle<Item> copy(to_a[mine]);        // a: +1
      copy = to_b[mine];                    // a: -1, b: +1
      Handle<Item> moved(std::move(copy));  // no change
      moved = to_a[mine];                   // b: -1, a: +1
      to_a[mine] = std::move(moved);        // a: -1 (to_a[mine]'s old reference)
    });
    ASSERT_EQ(tracker.live(), 2) << "an item was deleted while the test still owned it ("
                                 << tracker.live() << " of 2 alive): increments of its count "
                                 << "were lost, so it reached zero early.";
    EXPECT_EQ(a.use_count(), kThreads + 1)
        << "the test and " << kThreads << " threads own item a: its count "
        << racelab::ExpectedGot(kThreads + 1, a.use_count()) << ". Updates of the count were "
        << "lost: it was changed by a load and a separate store.";
    EXPECT_EQ(b.use_count(), kThreads + 1)
        << "the test and " << kThreads << " threads own item b: its count "
        << racelab::ExpectedGot(kThreads + 1, b.use_count()) << ". Updates of the count were "
        << "lost: it was changed by a load and a separate store.";
  }
  EXPECT_EQ(a.use_count(), 1) << "only the test owns item a now: "
                              << racelab::ExpectedGot(1, a.use_count()) << ".";
  EXPECT_EQ(b.use_count(), 1) << "only the test owns item b now: "
                              << racelab::ExpectedGot(1, b.use_count()) << ".";
}

// Each of 400 items is owned by four threads. Every thread writes its own mark into the item,
// then lets go; for item i, thread i % 4 waits until the three others have let go and drops the
// last reference, which deletes the item. So the last owner is on a different thread from one
// item to the next. The "dropped" counter is relaxed: it tells the last owner when to go but
// orders no memory, so only the handles' count can order the others' writes before the delete.
// A decrement that does not both release and acquire is reported as a data race between a mark
// and the delete, and so is a decrement followed by a separate load of the count.
TEST(Handle, LastOwnerDeletesAfterEveryOwnersWrites) {
  constexpr int kItems = 400;
  Tracker tracker;
  std::vector<std::vector<Handle<Item>>> handles(kThreads);  // handles[t]: thread t's
  for (auto& mine : handles) mine.reserve(kItems);
  for (int i = 0; i < kItems; ++i) {
    const Handle<Item> item(new Item(tracker, i));
    for (auto& mine : handles) mine.push_back(item);
  }
  std::vector<std::atomic<int>> dropped(kItems);
  racelab::RunConcurrently({.threads = kThreads, .calls = kItems}, [&](int t, int i) {
    const auto index = static_cast<std::size_t>(i);
    Handle<Item>& mine = handles[static_cast<std::size_t>(t)][index];
    if (t == i % kThreads) {  // the last owner
      while (dropped[index].load(std::memory_order_relaxed) < kThreads - 1) {
        std::this_thread::yield();
      }
    }
    mine->marks[t] = i;
    mine = Handle<Item>();
    dropped[index].fetch_add(1, std::memory_order_relaxed);
  });
  tracker.ExpectAllFreedOnce();
}

// Four threads own each of 2,000 items and all let go at about the same time: exactly one of
// them must delete each item, whichever comes last. The threads yield after every atomic load,
// so a release that reads the count in one step and decrements it in another is interleaved
// with the other owners' every time. The rounds repeat until a round goes wrong, or all went
// right.
TEST(Handle, SharedItemsAreDeletedExactlyOnce) {
  constexpr int kItems = 2'000;
  constexpr int kRounds = 5;
  Tracker tracker;
  for (int round = 0; round < kRounds && !HasFailure(); ++round) {
    std::vector<std::vector<Handle<Item>>> handles(kThreads);
    for (auto& mine : handles) mine.reserve(kItems);
    for (int i = 0; i < kItems; ++i) {
      const Handle<Item> item(new Item(tracker, i));
      for (auto& mine : handles) mine.push_back(item);
    }
    racelab::RunConcurrently(
        {.threads = kThreads, .calls = kItems, .interleave = true}, [&](int t, int i) {
          handles[static_cast<std::size_t>(t)][static_cast<std::size_t>(i)] = Handle<Item>();
        });
    tracker.ExpectAllFreedOnce();
  }
}

// ---- The rules of the exercise ---------------------------------------------------------------

// The lesson is the control block: a standard shared pointer would do the counting for you.
TEST(Handle, UsesNoStandardSharedPointer) {
  racelab::ExpectNoneUsed(
      racelab::StudentFile("handle.hpp"),
      {"shared_ptr", "weak_ptr", "make_shared", "allocate_shared", "make_shared_for_overwrite",
       "enable_shared_from_this", "atomic_shared_ptr", "atomic_weak_ptr"},
      "Handle is a shared pointer written by hand: keep the count in a control block of your "
      "own, a std::atomic<long> allocated next to the object.");
}

// The count is an atomic, updated without a lock.
TEST(Handle, UsesAnAtomicCount) {
  racelab::ExpectOneUsed(racelab::StudentFile("handle.hpp"), {"atomic", "atomic_ref"},
                         "Make the shared count a std::atomic<long>, so that each copy and each "
                         "release changes it in one indivisible step.");
}

// Standalone fences are invisible to ThreadSanitizer: it could not check one, and would report
// races that the fence in fact prevents.
TEST(Handle, UsesNoStandaloneFence) {
  racelab::ExpectNoneUsed(racelab::StudentFile("handle.hpp"),
                          {"atomic_thread_fence", "atomic_signal_fence"},
                          "ThreadSanitizer cannot see a standalone fence, so the tests could not "
                          "verify your ordering. Put it on the operation itself: "
                          "fetch_sub(1, std::memory_order_acq_rel).");
}

}  // namespace
