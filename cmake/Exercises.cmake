# racelab_add_exercise(<id> TESTS <test.cpp>... [LIBRARIES <lib>...])
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
function(racelab_add_exercise id)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "" "TESTS;LIBRARIES")
  set(versions "exercise=${PROJECT_SOURCE_DIR}/exercises/${id}"
               "submission=${CMAKE_BINARY_DIR}/submission/exercises/${id}")
  file(GLOB variant_dirs LIST_DIRECTORIES true CONFIGURE_DEPENDS
       "${PROJECT_SOURCE_DIR}/solutions/${id}/*")
  foreach(dir IN LISTS variant_dirs)
    if(IS_DIRECTORY "${dir}")
      get_filename_component(variant "${dir}" NAME)
      list(APPEND versions "solution.${variant}=${dir}")
    endif()
  endforeach()
  file(GLOB wrong_dirs LIST_DIRECTORIES true CONFIGURE_DEPENDS
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
    target_compile_definitions(${target} PRIVATE RACELAB_STUDENT_DIR="${student_dir}")
    target_link_libraries(${target} PRIVATE racelab_harness_main ${arg_LIBRARIES})
    set_target_properties(${target} PROPERTIES RUNTIME_OUTPUT_DIRECTORY "${CMAKE_BINARY_DIR}/bin")
    if(kind MATCHES "^(exercise|solution)")
      string(REGEX REPLACE "\\..*" "" label "${kind}")
      add_test(NAME ${target} COMMAND ${target})
      set_tests_properties(${target} PROPERTIES LABELS "${label}")
    endif()
  endforeach()
endfunction()
