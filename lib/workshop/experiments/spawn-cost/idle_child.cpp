// The program spawn-cost starts with posix_spawn: it does nothing and exits.
//
// With --park it stays alive so that its memory can be read from /proc: it writes one byte to
// standard output ("I am running") and waits until standard input is closed.
#include <unistd.h>

int main(int argc, char**) {
  if (argc > 1) {
    char byte = 1;
    if (write(STDOUT_FILENO, &byte, 1) != 1) return 1;
    while (read(STDIN_FILENO, &byte, 1) > 0) {
    }
  }
  return 0;
}
