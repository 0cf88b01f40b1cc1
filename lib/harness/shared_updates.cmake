# The census of shared updates (include/racelab/shared_updates.hpp), for the tests that link
# racelab::shared_updates (exercise 03). An object library, so that its wrappers are always
# linked; the --wrap options travel with it to every test that links it.
add_library(racelab_shared_updates OBJECT src/shared_updates.cpp)
add_library(racelab::shared_updates ALIAS racelab_shared_updates)
target_include_directories(racelab_shared_updates PUBLIC include)
# Deliberately not linked to racelab::sanitizer, and not instrumented: see shared_updates.cpp.
# Optimized, so that each wrapper ends in a tail call: the sanitizer then sees the student's code,
# not the wrapper, as the caller of the real function (race reports and suppressions name it).
target_compile_options(racelab_shared_updates PRIVATE -fno-sanitize=all -O2 -foptimize-sibling-calls)

# Each --wrap=f sends the binary's calls of f to __wrap_f in shared_updates.cpp. The blocking
# locks are wrapped for every test binary already (wait_sites.cpp), which reports them here.
set(racelab_census_wrapped
    pthread_mutex_trylock pthread_rwlock_tryrdlock pthread_rwlock_trywrlock pthread_spin_trylock)
if(RACELAB_SANITIZER STREQUAL "thread")
  foreach(bits 8 16 32 64)
    foreach(operation exchange fetch_add fetch_sub fetch_and fetch_or fetch_xor fetch_nand
                      compare_exchange_strong compare_exchange_weak compare_exchange_val)
      list(APPEND racelab_census_wrapped __tsan_atomic${bits}_${operation})
    endforeach()
  endforeach()
  target_compile_definitions(racelab_shared_updates PRIVATE RACELAB_CENSUS_ATOMICS=1)
endif()
list(TRANSFORM racelab_census_wrapped PREPEND "LINKER:--wrap=")
target_link_options(racelab_shared_updates INTERFACE ${racelab_census_wrapped})
