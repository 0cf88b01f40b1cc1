#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image (its default base
# image is Ubuntu 22.04). Written by `./lab package gradescope`; everything it needs is in the zip
# except the system packages: Abseil's and oneTBB's sources come in deps/, checked by SHA-256.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
export DEBIAN_FRONTEND=noninteractive

apt-get update
apt-get install -y --no-install-recommends ca-certificates python3-pip

# Ubuntu 22.04's CMake is 3.22; the lab needs 3.25 (presets v6). pip has Kitware's releases.
cmake_version="$(cmake --version 2>/dev/null | head -n 1 || true)"
cmake_version="${cmake_version##* }"
IFS=. read -r major minor _ <<<"${cmake_version:-0.0}"
if ((major < 3 || (major == 3 && minor < 25))); then
  python3 -m pip install --no-cache-dir 'cmake>=3.25,<4'
  hash -r
fi

# The dependency sources, where the lab's build looks first (as root: /var/cache/racelab).
mkdir -p /var/cache/racelab/src
cp deps/* /var/cache/racelab/src/

# Packages, the instrumented Abseil and oneTBB, the grader, and what every student's build shares
# (GoogleTest, the harness, the precompiled headers): grading then compiles only the student's
# tests.
lab/lab setup
