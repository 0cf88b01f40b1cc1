# racelab_add_exercise(<id> TESTS <test.cpp>... [LIBRARIES <lib>...] [TSAN_OPTIONS <options>])
#
# Builds the tests of exercise <id> (tests/<id>/) once per version of the student's files:
#   <id>.exercise            exercises/<id>/                  (the student's work, or the starter)
#   <id>.solution.<variant>  solutions/<id>/<variant>/        (each reference solution)
#   <id>.submission          <build>/submission/exercises/<id>/ (staged by `lab grade --submission`)
#   <id>.wrong.<name>        tests/<id>/wrong/<name>/          (a kept wrong fix, which must fail)
# The tests include the student's header by name (#include "counter.hpp"); only the include
# folder differs. The student's, the submission's and the wrong fixes' targets are not part of
# `all`: one file that does not compile must not stop the rest from building, so the grader
# builds them one by one. The solutions always compile, so `all` (and ctest) includes them.
#
# An instructor's own tests (`./lab grade --extra-tests DIR`, which sets RACELAB_EXTRA_TESTS to
# DIR) are built into every version: DIR/<id>/*.cpp, laid out like tests/.
#
# TSAN_OPTIONS adds to the lab's ThreadSanitizer options for this exercise's binaries only
# (22: detect_deadlocks=0). It is defined in a file the build writes for each target, so a
# student's header that defines it too does not link: the student cannot turn reports off.
set(RACELAB_EXTRA_TESTS "" CACHE PATH "A folder of instructors' own tests, laid out like tests/")
set(RACELAB_SUBMISSION_SLOTS 1 CACHE STRING "How many submissions can be staged at once")
function(racelab_add_exercise id)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "TSAN_OPTIONS" "TESTS;LIBRARIES")
  if(RACELAB_EXTRA_TESTS)
    file(GLOB extra_tests "${RACELAB_EXTRA_TESTS}/${id}/*.cpp")
    list(APPEND arg_TESTS ${extra_tests})
  endif()
  set(versions "exercise=${PROJECT_SOURCE_DIR}/exercises/${id}"
               "submission=${CMAKE_BINARY_DIR}/submission/exercises/${id}")
  # More graders side by side (`./lab grade --submissions DIR -j N`): one staging folder each.
  if(RACELAB_SUBMISSION_SLOTS GREATER 1)
    math(EXPR last_slot "${RACELAB_SUBMISSION_SLOTS} - 1")
    foreach(slot RANGE 1 ${last_slot})
      list(APPEND versions
           "submission${slot}=${CMAKE_BINARY_DIR}/submission${slot}/exercises/${id}")
    endforeach()
  endif()
  file(GLOB variant_dirs LIST_DIRECTORIES true
       "${PROJECT_SOURCE_DIR}/solutions/${id}/*")
  foreach(dir IN LISTS variant_dirs)
    if(IS_DIRECTORY "${dir}")
      get_filename_component(variant "${dir}" NAME)
      list(APPEND versions "solution.${variant}=${dir}")
    endif()
  endforeach()
  file(GLOB wrong_dirs LIST_DIRECTORIES true
       "${PROJECT_SOURCE_DIR}/tests/${id}/wrong/*")
  foreach(dir IN LISTS wrong_dirs)
    if(IS_DIRECTORY "${dir}")
      get_filename_component(name "${dir}" NAME)
      list(APPEND versions "wrong.${name}=${dir}")
    endif()
  endforeach()

  foreach(version IN LISTS versions)
    string(REPLACE "=" ";" version "${version}")
    list(GET version 0 kind)
    list(GET version 1 student_dir)
    set(target "${id}.${kind}")
    if(kind MATCHES "^solution")
      add_executable(${target} ${arg_TESTS})
    else()
      add_executable(${target} EXCLUDE_FROM_ALL ${arg_TESTS})
    endif()
    target_include_directories(${target} PRIVATE "${student_dir}")
    # racelab::StudentDir() (source_rules.hpp) and the exercise's own sanitizer options
    # (sanitizer_options.hpp), in a file of its own: a definition on the command line would
    # differ per target and void the shared precompiled header.
    set(student_dir_cpp "${CMAKE_BINARY_DIR}/student_dirs/${target}.cpp")
    set(tsan_options "${arg_TSAN_OPTIONS}")
    file(CONFIGURE OUTPUT "${student_dir_cpp}" @ONLY CONTENT
         "#include <string_view>\nnamespace racelab {\nstd::string_view StudentDir() { return R\"(@student_dir@)\"; }\n}  // namespace racelab\nextern \"C\" __attribute__((no_sanitize(\"thread\"))) const char* racelab_extra_tsan_options() { return \"@tsan_options@\"; }\n")
    target_sources(${target} PRIVATE "${student_dir_cpp}")
    if("TBB::tbb" IN_LIST arg_LIBRARIES)
      target_precompile_headers(${target} REUSE_FROM racelab_test_pch_tbb)
    else()
      target_precompile_headers(${target} REUSE_FROM racelab_test_pch)
    endif()
    if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
      # GCC silently ignores a precompiled header that does not fit: say so instead.
      target_compile_options(${target} PRIVATE -Winvalid-pch)
    endif()
    target_link_libraries(${target} PRIVATE racelab_harness_main ${arg_LIBRARIES})
    if(kind MATCHES "^submission")
      # A submission's code is compiled as the test user when the grader is root: see
      # lib/grader/compiler_launcher.hpp.
      set_target_properties(${target} PROPERTIES CXX_COMPILER_LAUNCHER
                            "${CMAKE_BINARY_DIR}/lib/grader/racelab;run-compiler")
    endif()
    set_target_properties(${target} PROPERTIES RUNTIME_OUTPUT_DIRECTORY "${CMAKE_BINARY_DIR}/bin")
    if(kind MATCHES "^(exercise|solution)")
      string(REGEX REPLACE "\\..*" "" label "${kind}")
      add_test(NAME ${target} COMMAND ${target})
      set_tests_properties(${target} PROPERTIES LABELS "${label}")
    endif()
    # The schedule explorer's scenario (`./lab explain <id>`), if the exercise declares one.
    if(EXISTS "${PROJECT_SOURCE_DIR}/tests/${id}/scenario.cpp")
      racelab_add_scenario(${id}.explore.${kind} "${PROJECT_SOURCE_DIR}/tests/${id}/scenario.cpp"
                           "${student_dir}")
      if(kind MATCHES "^submission")  # graded too (Grader::Explore): compiled as the test user
        set_target_properties(${id}.explore.${kind} PROPERTIES CXX_COMPILER_LAUNCHER
                              "${CMAKE_BINARY_DIR}/lib/grader/racelab;run-compiler")
      endif()
    endif()
  endforeach()
endfunction()

# racelab_add_scenario(<target> <scenario.cpp> <student_dir>)
#
# A scenario binary for the schedule explorer (lib/explorer): compiled with GCC's ThreadSanitizer
# instrumentation, whose hooks tell the explorer about every access and atomic operation, but
# linked with the explorer's runtime instead of ThreadSanitizer's. Not part of `all`: a student's
# file that does not compile must not stop the build; `./lab explain` builds what it runs.
function(racelab_add_scenario target source student_dir)
  add_executable(${target} EXCLUDE_FROM_ALL "${source}" $<TARGET_OBJECTS:racelab_explorer>)
  if(student_dir)
    target_include_directories(${target} PRIVATE "${student_dir}")
  endif()
  target_include_directories(${target} PRIVATE ${PROJECT_SOURCE_DIR}/lib/explorer/include
                                               ${PROJECT_SOURCE_DIR}/lib/harness/include)
  target_compile_options(${target} PRIVATE -fsanitize=thread -g -O1 -fno-omit-frame-pointer)
  # libatomic: the runtime performs 16-byte atomics outside the scenario.
  target_link_libraries(${target} PRIVATE nlohmann_json::nlohmann_json ${CMAKE_DL_LIBS} atomic)
  set_target_properties(${target} PROPERTIES RUNTIME_OUTPUT_DIRECTORY "${CMAKE_BINARY_DIR}/bin"
                                             ENABLE_EXPORTS ON)
endfunction()

# Every exercise test includes <gtest/gtest.h>, which costs more to compile than the test itself.
# It is compiled once, here, with the same flags as the tests, and each test target reuses it:
# the file rebuilt when a student saves then costs about half as much. GCC loads the whole
# precompiled header into every compilation, each header in it costing every test a little, so
# there are two: GoogleTest alone, and GoogleTest with the oneTBB and Abseil headers the
# exercises use, for the tests that link oneTBB (measured with -g1: 20's test 1.75 s of CPU ->
# 1.0 s; 01's would pay 0.05 s more with the larger one).
function(racelab_add_test_pch)
  set(anchor "${CMAKE_BINARY_DIR}/racelab_test_pch.cpp")
  file(CONFIGURE OUTPUT "${anchor}" CONTENT "// Hosts the precompiled headers of the exercise tests.\n")
  add_library(racelab_test_pch OBJECT "${anchor}")
  target_link_libraries(racelab_test_pch PRIVATE racelab::harness)
  target_precompile_headers(racelab_test_pch PRIVATE <gtest/gtest.h>)

  add_library(racelab_test_pch_tbb OBJECT "${anchor}")
  target_link_libraries(racelab_test_pch_tbb PRIVATE racelab::harness absl::synchronization TBB::tbb)
  target_precompile_headers(racelab_test_pch_tbb PRIVATE
    <gtest/gtest.h>
    <absl/synchronization/mutex.h>
    <tbb/blocked_range.h>
    <tbb/combinable.h>
    <tbb/concurrent_hash_map.h>
    <tbb/concurrent_vector.h>
    <tbb/global_control.h>
    <tbb/parallel_for.h>
    <tbb/parallel_reduce.h>
    <tbb/spin_mutex.h>
    <tbb/task_arena.h>)
endfunction()
