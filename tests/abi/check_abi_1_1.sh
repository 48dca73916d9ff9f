#!/usr/bin/env bash
# The plugin built against the frozen SDK 1.1 headers must be listed as
# usable by the current host, must render with both engines, and its
# validate callback must still run in `briefkit validate`.
# Usage: check_abi_1_1.sh BRIEFKIT PLUGIN_DIR TEMPLATE BAD_TEMPLATE
set -euo pipefail
bk=$1
dir=$2
template=$3
bad=$4
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$bk" plugins --plugin-path "$dir" >"$work/list"
grep -q '^abi_v1_1 ' "$work/list" || { echo "FAIL: abi_v1_1 not listed:"; cat "$work/list"; exit 1; }
if grep -q 'abi_v1_1.so:' "$work/list"; then
  echo "FAIL: the SDK 1.1 plugin was refused:"; grep 'abi_v1_1.so:' "$work/list"; exit 1
fi
"$bk" validate "$template" --plugin-path "$dir" >/dev/null
if "$bk" validate "$bad" --plugin-path "$dir" 2>"$work/err"; then
  echo "FAIL: validate accepted the bad data"; exit 1
fi
grep -q "abi_v1_1_bad_data.yaml:1:7: section 'frozen_bad' (abi_v1_1): expected a number for base" "$work/err" ||
  { echo "FAIL: the validate callback's error is not as expected:"; cat "$work/err"; exit 1; }
"$bk" render "$template" --plugin-path "$dir" -o "$work/out.pdf" -q
pdftotext -layout "$work/out.pdf" "$work/out.txt" 2>/dev/null
for want in "Built against SDK 1.1" "Same 1.1 plugin with haru" "Frozen SDK 1.1 plugin, built for ABI 1.1" \
    "total 3" "37.50" "Amount: more than 4.03 billion yuan, as of 1 March 2025."; do
  grep -qF "$want" "$work/out.txt" || { echo "FAIL: PDF lacks '$want'"; exit 1; }
done
echo "ok: a plugin built against SDK 1.1 loads, validates and renders in ABI $("$bk" --version | sed 's/.*ABI //; s/)//')"
