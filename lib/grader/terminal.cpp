#include "terminal.hpp"

#include <fmt/format.h>
#include <poll.h>
#include <signal.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <thread>

namespace racelab {
namespace {

bool colour_disabled = false;

// The terminal's mode before cbreak, for the signal handlers: they may only touch plain data.
termios saved_mode;
volatile sig_atomic_t mode_changed = 0;

constexpr int kEndingSignals[] = {SIGINT, SIGQUIT, SIGHUP, SIGTERM};
struct sigaction previous_actions[NSIG];

termios CbreakOf(termios mode) {
  mode.c_lflag &= ~static_cast<tcflag_t>(ICANON | ECHO);
  mode.c_cc[VMIN] = 1;
  mode.c_cc[VTIME] = 0;
  return mode;
}

void Unblock(int signal_number) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, signal_number);
  sigprocmask(SIG_UNBLOCK, &set, nullptr);
}

// Restores the terminal, then lets the signal do what it would have done.
void OnEndingSignal(int signal_number) {
  if (mode_changed) tcsetattr(STDIN_FILENO, TCSANOW, &saved_mode);
  signal(signal_number, SIG_DFL);
  Unblock(signal_number);
  raise(signal_number);
}

// Ctrl-Z: restores the terminal, stops, and goes back to cbreak mode once continued.
void OnStop(int signal_number) {
  const int saved_errno = errno;
  if (mode_changed) tcsetattr(STDIN_FILENO, TCSANOW, &saved_mode);
  signal(signal_number, SIG_DFL);
  Unblock(signal_number);
  raise(signal_number);  // stops here until `fg`
  struct sigaction again {};
  again.sa_handler = OnStop;
  sigemptyset(&again.sa_mask);
  sigaction(SIGTSTP, &again, nullptr);
  if (mode_changed) {
    const termios cbreak = CbreakOf(saved_mode);
    tcsetattr(STDIN_FILENO, TCSANOW, &cbreak);
  }
  errno = saved_errno;
}

void Install(int signal_number, void (*handler)(int)) {
  struct sigaction action {};
  action.sa_handler = handler;
  sigemptyset(&action.sa_mask);
  sigaction(signal_number, &action, &previous_actions[signal_number]);
}

}  // namespace

bool ShouldColour(bool stdout_is_terminal, const char* no_color, const char* term) {
  if (!stdout_is_terminal) return false;
  if (no_color != nullptr && no_color[0] != '\0') return false;
  return term == nullptr || std::strcmp(term, "dumb") != 0;
}

bool ColourEnabled() {
  static const bool colour =
      ShouldColour(StdoutIsTerminal(), std::getenv("NO_COLOR"), std::getenv("TERM"));
  return colour && !colour_disabled;
}

void DisableColour() { colour_disabled = true; }

std::string Paint(std::string_view text, Style style) {
  if (!ColourEnabled()) return std::string(text);
  const char* code = "0";
  switch (style) {
    case Style::kBold:
      code = "1";
      break;
    case Style::kDim:
      code = "2";
      break;
    case Style::kRed:
      code = "31";
      break;
    case Style::kGreen:
      code = "32";
      break;
    case Style::kYellow:
      code = "33";
      break;
  }
  return fmt::format("\033[{}m{}\033[0m", code, text);
}

bool StdinIsTerminal() { return isatty(STDIN_FILENO) != 0; }
bool StdoutIsTerminal() { return isatty(STDOUT_FILENO) != 0; }

std::string ClearScreen() { return StdoutIsTerminal() ? "\033[H\033[2J" : ""; }

KeyReader::KeyReader() {
  if (!StdinIsTerminal() || tcgetattr(STDIN_FILENO, &saved_mode) != 0) return;
  for (int signal_number : kEndingSignals) Install(signal_number, OnEndingSignal);
  Install(SIGTSTP, OnStop);
  installed_ = true;
  const termios cbreak = CbreakOf(saved_mode);
  mode_changed = tcsetattr(STDIN_FILENO, TCSANOW, &cbreak) == 0;
  active_ = true;
}

KeyReader::~KeyReader() {
  if (!installed_) return;
  if (mode_changed) tcsetattr(STDIN_FILENO, TCSANOW, &saved_mode);
  mode_changed = 0;
  for (int signal_number : kEndingSignals) {
    sigaction(signal_number, &previous_actions[signal_number], nullptr);
  }
  sigaction(SIGTSTP, &previous_actions[SIGTSTP], nullptr);
}

std::optional<char> KeyReader::Read(std::chrono::milliseconds timeout) {
  if (!active_) {
    std::this_thread::sleep_for(timeout);
    return std::nullopt;
  }
  pollfd input{STDIN_FILENO, POLLIN, 0};
  if (poll(&input, 1, static_cast<int>(timeout.count())) <= 0) return std::nullopt;
  char key = 0;
  const ssize_t n = read(STDIN_FILENO, &key, 1);
  if (n == 1) return key;
  if (n == 0 || (input.revents & (POLLHUP | POLLERR)) != 0) active_ = false;  // closed
  return std::nullopt;
}

}  // namespace racelab
