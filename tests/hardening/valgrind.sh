#!/usr/bin/env bash
# One full render of the monthly briefing under valgrind: definite leaks and
# memory errors fail the test. MODE "in-process" renders with --no-isolate so
# every section runs in the traced process; MODE "isolated" keeps the child
# processes and traces them too (--trace-children=yes); MODE "batch" runs
# the sample schedule (four zone profiles and the monthly briefing, --jobs 2)
# and traces the parent, with its prepared fonts, and every job's process.
# Usage: valgrind.sh BRIEFKIT MODE
set -uo pipefail
bk=$1
mode=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
if ! command -v valgrind >/dev/null; then
  echo "valgrind not installed: skipped"
  exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SOURCE_DATE_EPOCH=1740787200
args=(--error-exitcode=1 --suppressions="$root/tests/hardening/valgrind.supp" --leak-check=full --errors-for-leak-kinds=definite
  --show-leak-kinds=definite --quiet)
extra=()
case "$mode" in
in-process) extra=(--no-isolate) ;;
isolated | batch) args+=(--trace-children=yes) ;;
*) echo "unknown mode $mode"; exit 2 ;;
esac
cd "$root"
if [ "$mode" = batch ]; then
  cp -r samples "$work/" && cp -r templates "$work/"
  # The templates read ../samples/data, outside their own folder.
  export BRIEFKIT_ALLOW_PATH="$work/samples/data"
  cmd=(batch "$work/samples/schedule/monthly.yaml" --jobs 2 --period 2025-02
    --summary "$work/summary.json")
else
  cmd=(render templates/monthly-briefing.yaml -o "$work/out.pdf" -q "${extra[@]}")
fi
if ! valgrind "${args[@]}" "$bk" "${cmd[@]}" 2>"$work/valgrind.log" >/dev/null; then
  echo "FAIL [valgrind $mode]:"
  head -c 4000 "$work/valgrind.log"
  exit 1
fi
# A job's process hands in its result before it exits, so the batch does
# not see valgrind's exit code there: any report in the log fails the test.
if grep -q '^==[0-9]*== ' "$work/valgrind.log"; then
  echo "FAIL [valgrind $mode]:"
  grep '^==[0-9]*== ' "$work/valgrind.log" | head -c 4000
  exit 1
fi
if [ "$mode" = batch ]; then
  n=$(find "$work/samples/schedule/out" -name '*.pdf' | wc -l)
  [ "$n" -eq 5 ] || { echo "FAIL [valgrind batch]: $n PDFs, expected 5"; exit 1; }
else
  [ -s "$work/out.pdf" ] || { echo "FAIL [valgrind $mode]: no PDF"; exit 1; }
fi
echo "ok [valgrind $mode]"
