#!/usr/bin/env bash
# The plugin built against the frozen SDK 1.0 headers must be listed as
# usable by the current host and must render with both engines.
# Usage: check_abi.sh BRIEFKIT PLUGIN_DIR TEMPLATE
set -euo pipefail
bk=$1
dir=$2
template=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$bk" plugins --plugin-path "$dir" >"$work/list"
grep -q '^abi_v1_0 ' "$work/list" || { echo "FAIL: abi_v1_0 not listed:"; cat "$work/list"; exit 1; }
if grep -q 'abi_v1_0.so:' "$work/list"; then
  echo "FAIL: the SDK 1.0 plugin was refused:"; grep 'abi_v1_0.so:' "$work/list"; exit 1
fi
"$bk" render "$template" --plugin-path "$dir" -o "$work/out.pdf" -q
pdftotext "$work/out.pdf" "$work/out.txt" 2>/dev/null
for want in "Built against SDK 1.0" "Same plugin with cairo" "Frozen SDK 1.0 plugin, tone loud" "row 4"; do
  grep -qF "$want" "$work/out.txt" || { echo "FAIL: PDF lacks '$want'"; exit 1; }
done
echo "ok: a plugin built against SDK 1.0 loads and renders in ABI $("$bk" --version | sed 's/.*ABI //; s/)//')"
