#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz/) with clang and runs each one for
# a bounded time. Not part of CI: CI replays the committed corpus instead
# (ctest fuzz.replay.*), which is fast and needs no clang.
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]   (default: 60, all targets)
#   BUILD_DIR=build-fuzz   where to build (default: ./build-fuzz)
# New interesting inputs go to $BUILD_DIR/fuzz-corpus/<target>/ (kept between
# runs); a crash, leak or timeout stops that target and leaves its input in
# $BUILD_DIR/fuzz-artifacts/<target>/. Fix the bug, then copy the input into
# tests/fuzz/corpus/<target>/ so the replay test keeps it fixed.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(yaml_load expand options schedule fonts csv)
build=${BUILD_DIR:-build-fuzz}

CC=clang cmake -S . -B "$build" -DBRIEFKIT_FUZZ=ON -DBRIEFKIT_BENCH=OFF \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j"$(nproc)" --target "${targets[@]/#/fuzz_}"

status=0
for t in "${targets[@]}"; do
  corpus="$build/fuzz-corpus/$t"
  artifacts="$build/fuzz-artifacts/$t"
  mkdir -p "$corpus" "$artifacts"
  echo "== fuzz_$t for ${seconds}s"
  # -rss_limit_mb: the loader's limits must keep memory bounded, so growth
  # past this is a finding. -timeout: one input taking 10 s is a hang.
  if ! ASAN_OPTIONS=detect_leaks=1 "$build/tests/fuzz/fuzz_$t" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -print_final_stats=1 -artifact_prefix="$artifacts/" \
    "$corpus" "tests/fuzz/corpus/$t" 2>"$build/fuzz-$t.log"; then
    echo "fuzz_$t FOUND A PROBLEM: see $build/fuzz-$t.log and $artifacts/" >&2
    status=1
  fi
  grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' \
    "$build/fuzz-$t.log" || true
done
exit $status
