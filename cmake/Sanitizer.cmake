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
target_compile_options(racelab_sanitizer INTERFACE ${RACELAB_SANITIZER_FLAGS})
target_link_options(racelab_sanitizer INTERFACE ${RACELAB_SANITIZER_FLAGS})

# Clang checks Abseil's lock annotations (ABSL_GUARDED_BY, ...) at compile time.
if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  target_compile_options(racelab_sanitizer INTERFACE -Wthread-safety)
endif()
