// The terminal: colour, and single keys without Enter (cbreak mode).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace racelab {

// Whether colour suits standard output: it is a terminal that is not "dumb", and NO_COLOR is
// unset or empty (https://no-color.org). `no_color` and `term` are the variables' values, or
// null when unset.
bool ShouldColour(bool stdout_is_terminal, const char* no_color, const char* term);

// ShouldColour for this process, decided once; false after DisableColour().
bool ColourEnabled();

// No colour from now on, whatever standard output is: for a report written to a file.
void DisableColour();

enum class Style { kBold, kDim, kRed, kGreen, kYellow };

// `text` in `style` when ColourEnabled(), else `text` as it is.
std::string Paint(std::string_view text, Style style);

bool StdinIsTerminal();
bool StdoutIsTerminal();

// What clears the screen and homes the cursor, or "" when standard output is not a terminal.
std::string ClearScreen();

// Reads single keys from standard input. While one exists and standard input is a terminal, the
// terminal is in cbreak mode: each key arrives as it is pressed, without echo, and Ctrl-C still
// interrupts. The terminal's mode is restored when it is destroyed, and when a signal ends the
// process (Ctrl-C, Ctrl-\, hang-up, kill) or stops it (Ctrl-Z; cbreak mode is back after `fg`).
// At most one may exist at a time.
class KeyReader {
 public:
  KeyReader();
  ~KeyReader();
  KeyReader(const KeyReader&) = delete;
  KeyReader& operator=(const KeyReader&) = delete;

  // Whether keys can be read: standard input is a terminal and has not been closed.
  bool active() const { return active_; }

  // The next key, waiting at most `timeout` for it; nullopt if none came (or !active(), after
  // sleeping for `timeout`).
  std::optional<char> Read(std::chrono::milliseconds timeout);

 private:
  bool active_ = false;
  bool installed_ = false;  // the signal handlers
};

}  // namespace racelab
