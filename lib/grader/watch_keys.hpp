// The keys of watch mode and what each one asks for. Only the decisions: the watch command
// (commands/watch.cpp) carries them out.
#pragma once

namespace racelab {

enum class KeyAction {
  kIgnore,    // Enter, Escape and other keys people press without meaning anything
  kHelp,      // a key that means nothing here: show the keys again
  kHint,      // h: the next hint
  kNext,      // n, once the current exercise passes: on to the next unfinished one
  kNotYet,    // n before it passes: say that it must pass first
  kList,      // l: the exercises and which pass
  kCheckAll,  // c: check every exercise
  kAskReset,  // x: ask whether to reset the current exercise to its starter
  kReset,     // y, answering that question: reset
  kKeepWork,  // any other key answering it: keep the student's work
  kQuit,      // q
};

// Turns keys into actions. It remembers one thing: once the reset question is asked, the next
// key answers it (`y` resets, any other key keeps the student's work).
class WatchKeys {
 public:
  KeyAction OnKey(char key, bool current_passed);

  // The reset question is on the screen: the next key answers it.
  void AskReset() { asking_ = true; }

  // Whether the reset question is waiting for its answer.
  bool asking() const { return asking_; }

 private:
  bool asking_ = false;
};

// The number of the hint `h` shows, counting from 1: the one after `last_shown` (0: none shown
// yet), and the first again after the last of `count` (> 0).
int NextHint(int last_shown, int count);

}  // namespace racelab
