#include "racelab/category.hpp"

#include <unistd.h>

#include <string>

namespace racelab {

void ReportNow(std::string_view tag, std::string_view message) {
  std::string line;
  line.append(tag).append(message).append("\n");
  // One write(2), so that the line is not interleaved with other threads' output.
  (void)!write(STDERR_FILENO, line.data(), line.size());
}

void EndNow(std::string_view tag, std::string_view message) {
  ReportNow(tag, message);
  _exit(kEndNowExitStatus);
}

}  // namespace racelab
