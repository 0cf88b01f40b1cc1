# racelab::sanitizer carries the flags of RACELAB_SANITIZER. Everything that runs student code
# links it: the harness, GoogleTest and the exercise tests. Abseil and oneTBB are built with the
# same flags (Dependencies.cmake), because ThreadSanitizer reports false races in code it did not
# instrument. The grader itself is never sanitized.

if(RACELAB_SANITIZER STREQUAL "thread")
  set(RACELAB_SANITIZER_FLAGS -fsanitize=thread -g -O1 -fno-omit-frame-pointer)
elseif(RACELAB_SANITIZER STREQUAL "address")
  set(RACELAB_SANITIZER_FLAGS -fsanitize=address,undefined -fno-sanitize-recover=all -g -O1
                              -fno-omit-frame-pointer)
elseif(RACELAB_SANITIZER STREQUAL "none")
  set(RACELAB_SANITIZER_FLAGS)
else()
  message(FATAL_ERROR "RACELAB_SANITIZER must be thread, address or none, not '${RACELAB_SANITIZER}'")
endif()

add_library(racelab_sanitizer INTERFACE)
add_library(racelab::sanitizer ALIAS racelab_sanitizer)
# The lab's own code (tests, harness, GoogleTest) gets -g1 instead of -g: line tables and inlined
# frames, all that ThreadSanitizer's reports and the grader read (the same stacks, checked), for
# a third less compile time each time a student saves. GCC's code is the same at any -g level.
list(TRANSFORM RACELAB_SANITIZER_FLAGS REPLACE "^-g$" "-g1" OUTPUT_VARIABLE racelab_own_flags)
target_compile_options(racelab_sanitizer INTERFACE ${racelab_own_flags})
target_link_options(racelab_sanitizer INTERFACE ${RACELAB_SANITIZER_FLAGS})

# Clang checks Abseil's lock annotations (ABSL_GUARDED_BY, ...) at compile time.
if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  target_compile_options(racelab_sanitizer INTERFACE -Wthread-safety)
endif()
