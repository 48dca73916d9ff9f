#!/usr/bin/env bash
# What running each section in a child process costs, and what --jobs buys.
# Renders the sample template (templates/monthly-briefing.yaml) RUNS times
# per configuration, whole process each time, and prints the median wall
# time: in-process (--no-isolate), isolated --jobs 1, isolated --jobs 2.
# The isolation cost per section is (isolated -j1 - in-process) / sections.
# Prints figures only; nothing here is a pass/fail test.
# Usage: bench/isolation.sh [BRIEFKIT] [RUNS]   (default: build/briefkit, 10)
set -euo pipefail
cd "$(dirname "$0")/.."
bk=${1:-build/briefkit}
runs=${2:-10}
tpl=templates/monthly-briefing.yaml
[ -x "$bk" ] || { echo "no briefkit at $bk; build first or pass its path" >&2; exit 2; }
export SOURCE_DATE_EPOCH=1740787200
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
sections=$(grep -c '^ *- plugin:' "$tpl")

median_ms() { # args...: render RUNS times with these extra arguments
  for _ in $(seq "$runs"); do
    s=$(date +%s%N)
    "$bk" render -q "$tpl" -o "$out/b.pdf" "$@"
    e=$(date +%s%N)
    echo $(((e - s) / 1000))
  done | sort -n | awk '{ t[NR] = $1 } END { printf "%.1f", t[int((NR + 1) / 2)] / 1000 }'
}

"$bk" render -q "$tpl" -o "$out/warm.pdf" # page cache and font cache warm
inproc=$(median_ms --no-isolate)
iso1=$(median_ms --jobs 1)
iso2=$(median_ms --jobs 2)
echo "template:           $tpl ($sections sections, $runs runs each, median wall time)"
echo "in process:         $inproc ms  (--no-isolate)"
echo "isolated, --jobs 1: $iso1 ms"
echo "isolated, --jobs 2: $iso2 ms  ($(nproc) CPUs online)"
awk -v a="$inproc" -v b="$iso1" -v c="$iso2" -v n="$sections" 'BEGIN {
  printf "isolation cost:     %.1f ms per section (%+.0f %% for the briefing)\n", (b - a) / n, (b - a) / a * 100
  printf "--jobs 2 vs 1:      %.2fx (%.1f ms saved)\n", b / c, b - c }'
