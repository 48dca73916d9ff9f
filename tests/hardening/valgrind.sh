#!/usr/bin/env bash
# One full render of the monthly briefing under valgrind: definite leaks and
# memory errors fail the test. MODE "in-process" renders with --no-isolate so
# every section runs in the traced process; MODE "isolated" keeps the child
# processes and traces them too (--trace-children=yes).
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
isolated) args+=(--trace-children=yes) ;;
*) echo "unknown mode $mode"; exit 2 ;;
esac
cd "$root"
if ! valgrind "${args[@]}" "$bk" render templates/monthly-briefing.yaml -o "$work/out.pdf" \
  -q "${extra[@]}" 2>"$work/valgrind.log"; then
  echo "FAIL [valgrind $mode]:"
  head -c 4000 "$work/valgrind.log"
  exit 1
fi
[ -s "$work/out.pdf" ] || { echo "FAIL [valgrind $mode]: no PDF"; exit 1; }
echo "ok [valgrind $mode]"
