#include "watch_keys.hpp"

#include <cctype>

namespace racelab {

KeyAction WatchKeys::OnKey(char key, bool current_passed) {
  const char lower = static_cast<char>(std::tolower(static_cast<unsigned char>(key)));
  if (asking_) {
    asking_ = false;
    return lower == 'y' ? KeyAction::kReset : KeyAction::kKeepWork;
  }
  switch (lower) {
    case 'h':
      return KeyAction::kHint;
    case 'n':
      return current_passed ? KeyAction::kNext : KeyAction::kNotYet;
    case 'l':
      return KeyAction::kList;
    case 'c':
      return KeyAction::kCheckAll;
    case 'x':
      return KeyAction::kAskReset;
    case 'q':
      return KeyAction::kQuit;
    case '\n':
    case '\r':
    case ' ':
    case '\033':  // Escape, and the start of an arrow key's sequence
      return KeyAction::kIgnore;
    default:
      return KeyAction::kHelp;
  }
}

int NextHint(int last_shown, int count) { return last_shown % count + 1; }

}  // namespace racelab
