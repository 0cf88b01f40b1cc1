#include "racelab/chaos.hpp"

#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>

namespace racelab {

std::uint64_t ChaosSeed() {
  static const std::uint64_t seed = [] {
    if (const char* text = std::getenv("RACELAB_SEED"); text != nullptr && *text != '\0') {
      return static_cast<std::uint64_t>(std::stoull(text));
    }
    return static_cast<std::uint64_t>(std::random_device{}() % 1'000'000);
  }();
  return seed;
}

Chaos::Chaos(int thread) : random_(ChaosSeed() * 1'000'003 + static_cast<std::uint64_t>(thread)) {}

void Chaos::Pause() {
  const auto roll = random_() % 64;
  if (roll == 0) {
    std::this_thread::sleep_for(std::chrono::microseconds(1 + random_() % 50));
  } else if (roll < 8) {
    std::this_thread::yield();
  }
}

}  // namespace racelab
