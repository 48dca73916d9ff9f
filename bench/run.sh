#!/usr/bin/env bash
# Builds an optimised briefkit and prints the render benchmark's figures:
# in-process (20 renders, median) and whole-process (the CLI, cold each time).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DBRIEFKIT_TESTS=OFF >/dev/null
cmake --build build-bench -j"$(nproc)" >/dev/null
export SOURCE_DATE_EPOCH=1740787200
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "== in process"
build-bench/bench/bench_render templates/monthly-briefing.yaml "$out/b.pdf" 20
echo "== whole process (briefkit render, 20 runs)"
for i in $(seq 20); do
  /usr/bin/env time -f "%e %M" build-bench/briefkit render -q templates/monthly-briefing.yaml \
    -o "$out/c.pdf" 2>>"$out/times"
done
sort -n "$out/times" | awk '{ t[NR] = $1 * 1000; m = ($2 > m ? $2 : m) }
  END { printf "median:          %.0f ms per briefing\npeak RSS:        %.1f MB\n", t[int((NR + 1) / 2)], m / 1024 }'
# Instruction counts do not move with this machine's speed, which changes by
# a third from minute to minute: callgrind counts every instruction of one
# whole `briefkit render` (its section children too) and of one render in
# process (bench_render with N=1, startup included).
if command -v valgrind >/dev/null; then
  echo "== instructions (callgrind)"
  count() {
    rm -f "$out"/cg.*
    valgrind --tool=callgrind --trace-children=yes --callgrind-out-file="$out/cg.%p" "$@" \
      >/dev/null 2>&1 || true
    cat "$out"/cg.* | awk '/^summary:/ { s += $2 } END { printf "%.1f M\n", s / 1e6 }'
  }
  printf 'briefkit render:  %s\n' "$(count build-bench/briefkit render -q \
    templates/monthly-briefing.yaml -o "$out/d.pdf")"
  printf 'in process (1):   %s\n' "$(count build-bench/bench/bench_render \
    templates/monthly-briefing.yaml "$out/e.pdf" 1)"
fi
