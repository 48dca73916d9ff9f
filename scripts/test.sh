#!/usr/bin/env bash
# Builds briefkit and runs every test (unit, end-to-end, ABI) with ctest.
#   scripts/test.sh             (build dir: ./build-test)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build-test -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBRIEFKIT_TESTS=ON >/dev/null
cmake --build build-test -j"$(nproc)"
cd build-test
ctest --output-on-failure -j"$(nproc)"
