# Spurious wake-ups on purpose (include/racelab/spurious_wakeups.hpp), in every test binary: the
# wrappers are in racelab_harness_main, which every test links, because --wrap routes to them
# calls made anywhere in the binary (Abseil's static libraries included).
target_sources(racelab_harness_main PRIVATE src/spurious_wakeups.cpp)
target_link_options(racelab_harness_main PUBLIC
  LINKER:--wrap=pthread_cond_wait LINKER:--wrap=pthread_cond_timedwait
  LINKER:--wrap=pthread_cond_clockwait
  LINKER:--wrap=pthread_cond_signal LINKER:--wrap=pthread_cond_broadcast
  # std::condition_variable::notify_one() and notify_all()
  LINKER:--wrap=_ZNSt18condition_variable10notify_oneEv
  LINKER:--wrap=_ZNSt18condition_variable10notify_allEv
  # std::condition_variable::wait(std::unique_lock<std::mutex>&)
  LINKER:--wrap=_ZNSt18condition_variable4waitERSt11unique_lockISt5mutexE
  # absl::CondVar::Wait(absl::Mutex*) of the pinned Abseil (lts_20220623)
  LINKER:--wrap=_ZN4absl12lts_202206237CondVar4WaitEPNS0_5MutexE
  # absl::CondVar::Signal() and SignalAll()
  LINKER:--wrap=_ZN4absl12lts_202206237CondVar6SignalEv
  LINKER:--wrap=_ZN4absl12lts_202206237CondVar9SignalAllEv)
