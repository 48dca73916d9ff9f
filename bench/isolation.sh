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

# Wall time depends on what else the machine runs; CPU time (user + system,
# children included) is steadier and shows the work isolation adds.
median_ms() { # args...: render RUNS times with these extra arguments; "wall cpu"
  : >"$out/times"
  for _ in $(seq "$runs"); do
    /usr/bin/env time -f "%e %U %S" -a -o "$out/times" "$bk" render -q "$tpl" -o "$out/b.pdf" "$@"
  done
  med() { sort -n | awk '{ v[NR] = $1 } END { printf "%.0f", v[int((NR + 1) / 2)] }'; }
  echo "$(awk '{ print $1 * 1000 }' "$out/times" | med) $(awk '{ print ($2 + $3) * 1000 }' "$out/times" | med)"
}

"$bk" render -q "$tpl" -o "$out/warm.pdf" # page cache and font cache warm
read -r inproc inproc_cpu <<<"$(median_ms --no-isolate)"
read -r iso1 iso1_cpu <<<"$(median_ms --jobs 1)"
read -r iso2 iso2_cpu <<<"$(median_ms --jobs 2)"
echo "template:           $tpl ($sections sections, $runs runs each, medians)"
echo "                    wall ms   cpu ms"
printf "in process:         %7s  %7s  (--no-isolate)\n" "$inproc" "$inproc_cpu"
printf "isolated, --jobs 1: %7s  %7s\n" "$iso1" "$iso1_cpu"
printf "isolated, --jobs 2: %7s  %7s  (%s CPUs online)\n" "$iso2" "$iso2_cpu" "$(nproc)"
awk -v a="$inproc" -v b="$iso1" -v c="$iso2" -v ac="$inproc_cpu" -v bc="$iso1_cpu" -v n="$sections" 'BEGIN {
  printf "isolation cost:     %.1f ms wall, %.1f ms cpu per section\n", (b - a) / n, (bc - ac) / n
  printf "--jobs 2 vs 1:      %.2fx wall (%.0f ms saved)\n", b / c, b - c }'
