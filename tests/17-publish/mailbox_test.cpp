// Tests of exercise 17: a Mailbox that one thread publishes a message to, and others read.
//
// The readers here spin until try_read() hands them the message, then read all of it: they see
// the flag up every time, so every run puts the question to ThreadSanitizer, on one core as on
// many. TSan does not guess at timing: it checks whether anything orders the writes that built
// the message before the readers' reads. A relaxed flag orders nothing, and it says so.
#include "mailbox.hpp"

#include <gtest/gtest.h>

#include <cstddef>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "racelab/run_concurrently.hpp"
#include "racelab/source_rules.hpp"

namespace {

constexpr long kSize = 64;  // entries per message

// Entry k of message number `id`.
long Entry(int id, long k) { return id * 1'000L + k + 1; }

// Message number `id`, built entry by entry by the thread that calls this.
std::vector<long> Message(int id) {
  std::vector<long> message;
  for (long k = 0; k < kSize; ++k) message.push_back(Entry(id, k));
  return message;
}

// How many entries of `message` differ from message number `id` (a missing entry counts too).
long Wrong(const std::vector<long>& message, int id) {
  long wrong = kSize > static_cast<long>(message.size())
                   ? kSize - static_cast<long>(message.size())
                   : static_cast<long>(message.size()) - kSize;
  for (std::size_t k = 0; k < message.size() && k < static_cast<std::size_t>(kSize); ++k) {
    wrong += message[k] != Entry(id, static_cast<long>(k));
  }
  return wrong;
}

// One thread: nothing to read before publish(), the whole message after it.
TEST(Publish, NothingBeforePublishThenTheWholeMessage) {
  Mailbox mailbox;
  EXPECT_EQ(mailbox.try_read(), nullptr)
      << "try_read() returned a message before anything was published: it must return nullptr "
         "until publish() has been called.";
  mailbox.publish(Message(7));
  const std::vector<long>* message = mailbox.try_read();
  ASSERT_NE(message, nullptr) << "try_read() still returned nullptr after publish(): once "
                                 "published, the message must be readable.";
  EXPECT_EQ(Wrong(*message, 7), 0)
      << "try_read() after publish() returned " << message->size() << " entries, "
      << Wrong(*message, 7) << " of them wrong: it must return the message that was published.";
}

// 100 mailboxes. Thread 0 builds message i and publishes it to mailbox i; threads 1-3 spin until
// try_read() on mailbox i returns it, then read every entry. Nothing else connects the threads:
// only the mailbox can order the building of the message before the reading.
TEST(Publish, ReadersThatGetTheMessageSeeAllOfIt) {
  constexpr int kMailboxes = 100;
  std::vector<std::unique_ptr<Mailbox>> mailboxes;
  for (int i = 0; i < kMailboxes; ++i) mailboxes.push_back(std::make_unique<Mailbox>());
  std::vector<long> wrong(4, 0);  // entries read wrong, per thread
  racelab::RunConcurrently({.threads = 4, .calls = kMailboxes}, [&](int thread, int i) {
    Mailbox& mailbox = *mailboxes[static_cast<std::size_t>(i)];
    if (thread == 0) {
      mailbox.publish(Message(i));
      return;
    }
    const std::vector<long>* message = nullptr;
    while ((message = mailbox.try_read()) == nullptr) std::this_thread::yield();
    wrong[static_cast<std::size_t>(thread)] += Wrong(*message, i);
  });
  long wrong_total = 0;
  for (const long n : wrong) wrong_total += n;
  EXPECT_EQ(wrong_total, 0)
      << wrong_total << " entries of the messages that readers got were wrong or missing: a "
      << "reader that gets the message must see all of it, as it was published.";
}

// The lesson is the ordering of one atomic's store and load: no lock may do it instead.
TEST(Publish, UsesNoLock) {
  racelab::ExpectNoneUsed(
      racelab::StudentFile("mailbox.hpp"),
      {"mutex",
       "Mutex",
       "shared_mutex",
       "recursive_mutex",
       "timed_mutex",
       "lock_guard",
       "unique_lock",
       "scoped_lock",
       "shared_lock",
       "MutexLock",
       "call_once",
       "once_flag",
       "spin_mutex",
       "pthread_mutex_t",
       "pthread_mutex_lock",
       "pthread_spin_lock",
       "binary_semaphore",
       "counting_semaphore",
       "condition_variable",
       "Notification"},
      "This exercise is about publishing through an atomic flag: order the flag's store and "
      "load (release and acquire), with no lock.");
}

}  // namespace
