# The record of forked children (include/racelab/forks.hpp), for the tests that link
# racelab::forks (exercise 19). An object library, so that its wrapper is always linked; the
# --wrap option travels with it to every test that links it.
add_library(racelab_forks OBJECT src/forks.cpp)
add_library(racelab::forks ALIAS racelab_forks)
target_include_directories(racelab_forks PUBLIC include)
# Not instrumented: the wrapper runs on both sides of fork(), where the sanitizer, in a child of a
# process with several threads, no longer checks anything anyway.
target_compile_options(racelab_forks PRIVATE -fno-sanitize=all -O2)
target_link_options(racelab_forks INTERFACE "LINKER:--wrap=fork")
