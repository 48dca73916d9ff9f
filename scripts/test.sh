#!/usr/bin/env bash
# Checks the C sources' formatting (scripts/check-format.sh), builds briefkit
# and runs every test (unit, end-to-end, ABI, hardening, fuzz-corpus replay,
# valgrind, layout) with ctest; then builds again with ASan and
# UBSan (-DBRIEFKIT_SANITIZE=ON) and runs the unit, end-to-end, hardening and
# fuzz-replay tests there, with leak detection.
#   scripts/test.sh             (build dirs: ./build-test, ./build-asan)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
jobs=$(nproc)
# Formatting first: it takes a second and says exactly which files to fix.
scripts/check-format.sh

cmake -S . -B build-test -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBRIEFKIT_TESTS=ON >/dev/null
cmake --build build-test -j"$jobs"
(cd build-test && ctest --output-on-failure -j"$jobs")

# The sanitizer build skips the benchmarks and the tests that install or
# time things (sdk, batch, valgrind: valgrind cannot run an ASan binary).
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBRIEFKIT_TESTS=ON \
  -DBRIEFKIT_SANITIZE=ON -DBRIEFKIT_BENCH=OFF >/dev/null
cmake --build build-asan -j"$jobs"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export LSAN_OPTIONS="suppressions=$PWD/tests/hardening/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# plugin-crash, haru-group-crash, validate-crash and plugin-memory are
# skipped there: they need a raw SIGSEGV and an address-space limit, which
# ASan takes over (child_pool.c skips RLIMIT_AS under ASan) and UBSan
# reports first.
(cd build-asan && ctest --output-on-failure -j"$jobs" -R '^(unit|e2e|hardening|fuzz)\.' \
  -E '^e2e\.(plugin-crash|plugin-memory|haru-group-crash|validate-crash)$')
