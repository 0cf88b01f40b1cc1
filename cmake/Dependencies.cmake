# Abseil and oneTBB, built from source with this build's compiler and sanitizer flags, and
# GoogleTest, built inside the build tree with the same flags.
#
# Instrumented builds are installed into a cache shared by every build tree of the machine
# (RACELAB_CACHE_DIR, by default ~/.cache/racelab), keyed by compiler, version and flags, so only
# the first configure of each preset pays for them (about a minute on two cores).
#
# Sources, tried in this order:
#   1. a tarball already in ${RACELAB_CACHE_DIR}/src whose SHA-256 is pinned below;
#   2. Debian's source package (`apt-get source --download-only`): works offline from a Debian
#      mirror with a deb-src entry, which `./lab setup` adds;
#   3. the upstream release tarball, downloaded and checked against its pinned SHA-256.

include_guard(GLOBAL)

if(DEFINED ENV{XDG_CACHE_HOME} AND NOT "$ENV{XDG_CACHE_HOME}" STREQUAL "")
  set(_racelab_cache_default "$ENV{XDG_CACHE_HOME}/racelab")
else()
  set(_racelab_cache_default "$ENV{HOME}/.cache/racelab")
endif()
set(RACELAB_CACHE_DIR "${_racelab_cache_default}" CACHE PATH
    "Where dependency sources and instrumented dependency builds are cached")
# `./lab` sets RACELAB_CACHE_DIR when it runs as root: a folder that the unprivileged user who
# runs the tests can read (oneTBB is a shared library, and /root is closed to other users).
if(DEFINED ENV{RACELAB_CACHE_DIR} AND NOT "$ENV{RACELAB_CACHE_DIR}" STREQUAL "")
  set(RACELAB_CACHE_DIR "$ENV{RACELAB_CACHE_DIR}" CACHE PATH
      "Where dependency sources and instrumented dependency builds are cached" FORCE)
endif()

# name;version;debian source package;debian tarball;its sha256;upstream url;its sha256
set(RACELAB_DEP_abseil
    "20220623.1" "abseil" "abseil_20220623.1.orig.tar.gz"
    "abfe2897f3a30edaa74bc34365afe3c2a3cd012091a97dc7e008f7016adcd5fe"
    "https://github.com/abseil/abseil-cpp/archive/refs/tags/20220623.1.tar.gz"
    "91ac87d30cc6d79f9ab974c51874a704de9c2647c40f6932597329a282217ba8")
set(RACELAB_DEP_onetbb
    "2021.8.0" "onetbb" "onetbb_2021.8.0.orig.tar.xz"
    "7e9111b8bb59c8800bf6d0b06afe7b0891937443d2dae1ee1101c8e2ede6a7ef"
    "https://github.com/oneapi-src/oneTBB/archive/refs/tags/v2021.8.0.tar.gz"
    "eee380323bb7ce864355ed9431f85c43955faaae9e9bce35c62b372d7ffd9f8b")

function(_racelab_file_has_sha256 file sha256 out)
  set(${out} FALSE PARENT_SCOPE)
  if(EXISTS "${file}")
    file(SHA256 "${file}" actual)
    if(actual STREQUAL sha256)
      set(${out} TRUE PARENT_SCOPE)
    endif()
  endif()
endfunction()

# Sets ${out} to a verified source tarball of dependency `name` in ${RACELAB_CACHE_DIR}/src.
function(_racelab_fetch_source name out)
  list(GET RACELAB_DEP_${name} 0 version)
  list(GET RACELAB_DEP_${name} 1 debian_package)
  list(GET RACELAB_DEP_${name} 2 debian_file)
  list(GET RACELAB_DEP_${name} 3 debian_sha256)
  list(GET RACELAB_DEP_${name} 4 upstream_url)
  list(GET RACELAB_DEP_${name} 5 upstream_sha256)
  set(src_dir "${RACELAB_CACHE_DIR}/src")
  set(upstream_file "${src_dir}/${name}-${version}-upstream.tar.gz")
  file(MAKE_DIRECTORY "${src_dir}")

  foreach(candidate IN ITEMS "${src_dir}/${debian_file};${debian_sha256}"
                             "${upstream_file};${upstream_sha256}")
    list(GET candidate 0 file)
    list(GET candidate 1 sha256)
    _racelab_file_has_sha256("${file}" "${sha256}" ok)
    if(ok)
      set(${out} "${file}" PARENT_SCOPE)
      return()
    endif()
  endforeach()

  find_program(APT_GET apt-get)
  if(APT_GET)
    message(STATUS "racelab: fetching the ${name} ${version} source from Debian's source package")
    execute_process(COMMAND "${APT_GET}" source --download-only "${debian_package}"
                    WORKING_DIRECTORY "${src_dir}" RESULT_VARIABLE rc OUTPUT_QUIET ERROR_QUIET)
    _racelab_file_has_sha256("${src_dir}/${debian_file}" "${debian_sha256}" ok)
    if(ok)
      set(${out} "${src_dir}/${debian_file}" PARENT_SCOPE)
      return()
    endif()
    message(STATUS "racelab: no Debian source package for ${name} (add a deb-src entry, or run "
                   "`./lab setup` as root); trying the upstream release tarball")
  endif()

  file(DOWNLOAD "${upstream_url}" "${upstream_file}.part" EXPECTED_HASH SHA256=${upstream_sha256}
       STATUS status)
  list(GET status 0 code)
  if(NOT code EQUAL 0)
    file(REMOVE "${upstream_file}.part")
    message(FATAL_ERROR
      "racelab: cannot get the source of ${name} ${version}.\n"
      "Either put ${debian_file} (sha256 ${debian_sha256}) or the release tarball\n"
      "${upstream_url} (sha256 ${upstream_sha256})\ninto ${src_dir}, or let `./lab setup` fetch it.")
  endif()
  file(RENAME "${upstream_file}.part" "${upstream_file}")
  set(${out} "${upstream_file}" PARENT_SCOPE)
endfunction()

function(_racelab_run step)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE output ERROR_VARIABLE output)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "racelab: ${step} failed:\n${output}")
  endif()
endfunction()

# Builds and installs dependency `name` into ${prefix} unless a complete build is there already.
function(_racelab_build_dependency name prefix)
  set(stamp "${prefix}/.racelab-${name}-complete")
  if(EXISTS "${stamp}")
    return()
  endif()
  _racelab_fetch_source(${name} tarball)
  list(GET RACELAB_DEP_${name} 0 version)
  list(JOIN RACELAB_SANITIZER_FLAGS " " flags)
  message(STATUS "racelab: building ${name} ${version} with '${flags}' (once)")

  set(work "${prefix}/work/${name}")
  file(REMOVE_RECURSE "${work}")
  file(ARCHIVE_EXTRACT INPUT "${tarball}" DESTINATION "${work}/src")
  file(GLOB source_dir LIST_DIRECTORIES true "${work}/src/*")

  list(JOIN RACELAB_SANITIZER_FLAGS " " flags)
  set(common_args
      -G "${CMAKE_GENERATOR}"
      -DCMAKE_BUILD_TYPE=RelWithDebInfo
      -DCMAKE_C_COMPILER=${CMAKE_C_COMPILER}
      -DCMAKE_CXX_COMPILER=${CMAKE_CXX_COMPILER}
      -DCMAKE_CXX_STANDARD=20
      "-DCMAKE_C_FLAGS=${flags}"
      "-DCMAKE_CXX_FLAGS=${flags}"
      -DCMAKE_INSTALL_PREFIX=${prefix}
      -DCMAKE_INSTALL_LIBDIR=lib
      -DCMAKE_POSITION_INDEPENDENT_CODE=ON
      -DBUILD_SHARED_LIBS=OFF
      -DBUILD_TESTING=OFF)
  if(name STREQUAL "abseil")
    set(args -DABSL_PROPAGATE_CXX_STD=ON -DABSL_BUILD_TESTING=OFF)
  else()
    # oneTBB is always a shared library; TBB_SANITIZE adds the sanitizer flags to its own build.
    set(args -DBUILD_SHARED_LIBS=ON -DTBB_TEST=OFF -DTBB_EXAMPLES=OFF -DTBB_STRICT=OFF
             -DTBBMALLOC_BUILD=OFF -DTBB_ENABLE_IPO=OFF)
    if(RACELAB_SANITIZER STREQUAL "thread")
      list(APPEND args -DTBB_SANITIZE=thread)
    elseif(RACELAB_SANITIZER STREQUAL "address")
      list(APPEND args -DTBB_SANITIZE=address)
    endif()
  endif()

  # As many jobs as `./lab` found the machine (or the container's CPU and memory limits) allow.
  if(DEFINED ENV{CMAKE_BUILD_PARALLEL_LEVEL})
    set(cores "$ENV{CMAKE_BUILD_PARALLEL_LEVEL}")
  else()
    cmake_host_system_information(RESULT cores QUERY NUMBER_OF_LOGICAL_CORES)
  endif()
  _racelab_run("configuring ${name}" ${CMAKE_COMMAND} -S "${source_dir}" -B "${work}/build"
               ${common_args} ${args})
  _racelab_run("building ${name}" ${CMAKE_COMMAND} --build "${work}/build" --parallel ${cores})
  _racelab_run("installing ${name}" ${CMAKE_COMMAND} --install "${work}/build")
  file(REMOVE_RECURSE "${work}")
  file(WRITE "${stamp}" "${tarball}\n")
endfunction()

# The cache key: everything that changes the machine code of the dependencies.
string(SHA256 _racelab_deps_key
       "${CMAKE_CXX_COMPILER_ID};${CMAKE_CXX_COMPILER_VERSION};${CMAKE_CXX_COMPILER};${RACELAB_SANITIZER_FLAGS};${RACELAB_DEP_abseil};${RACELAB_DEP_onetbb}")
string(SUBSTRING "${_racelab_deps_key}" 0 12 _racelab_deps_key)
string(TOLOWER "${CMAKE_CXX_COMPILER_ID}" _compiler)
set(RACELAB_DEPS_PREFIX
    "${RACELAB_CACHE_DIR}/deps/${_compiler}${CMAKE_CXX_COMPILER_VERSION}-${RACELAB_SANITIZER}-${_racelab_deps_key}")

# Two configures at once (two presets, two clones) wait for each other instead of racing.
file(MAKE_DIRECTORY "${RACELAB_DEPS_PREFIX}")
file(LOCK "${RACELAB_DEPS_PREFIX}" DIRECTORY GUARD FILE TIMEOUT 3600)
_racelab_build_dependency(abseil "${RACELAB_DEPS_PREFIX}")
_racelab_build_dependency(onetbb "${RACELAB_DEPS_PREFIX}")
file(LOCK "${RACELAB_DEPS_PREFIX}" DIRECTORY RELEASE)

# A cache that moved (RACELAB_CACHE_DIR changed) must not leave the old packages in use.
foreach(package IN ITEMS absl TBB)
  string(FIND "${${package}_DIR}" "${RACELAB_DEPS_PREFIX}/" at)
  if(DEFINED CACHE{${package}_DIR} AND NOT at EQUAL 0)
    unset(${package}_DIR CACHE)
  endif()
endforeach()
find_package(absl CONFIG REQUIRED PATHS "${RACELAB_DEPS_PREFIX}" NO_DEFAULT_PATH)
find_package(TBB CONFIG REQUIRED PATHS "${RACELAB_DEPS_PREFIX}" NO_DEFAULT_PATH)

# GoogleTest from Debian's googletest package, or the same release pinned.
set(gtest_force_shared_crt ON CACHE BOOL "" FORCE)
set(INSTALL_GTEST OFF CACHE BOOL "" FORCE)
set(BUILD_GMOCK OFF CACHE BOOL "" FORCE)
if(EXISTS "/usr/src/googletest/CMakeLists.txt")
  add_subdirectory(/usr/src/googletest "${CMAKE_BINARY_DIR}/googletest" EXCLUDE_FROM_ALL SYSTEM)
else()
  include(FetchContent)
  FetchContent_Declare(googletest
    URL https://github.com/google/googletest/archive/refs/tags/release-1.12.1.tar.gz
    URL_HASH SHA256=81964fe578e9bd7c94dfdb09c8e4d6e6759e19967e397dbea48d1c10e45d0df2
    SYSTEM)
  FetchContent_MakeAvailable(googletest)
endif()
foreach(target IN ITEMS gtest gtest_main)
  target_link_libraries(${target} PUBLIC racelab::sanitizer)
endforeach()

find_package(nlohmann_json 3.10 REQUIRED)
find_package(CLI11 2.1 REQUIRED)
find_package(fmt 8 REQUIRED)
find_package(Threads REQUIRED)
