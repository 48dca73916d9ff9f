#!/usr/bin/env bash
# Checks that the C sources are formatted with the repository's
# .clang-format; prints the files that are not and exits 1. Fix with
#   scripts/check-format.sh --fix
# The public headers (core/include/briefkit/) and their frozen copies
# (tests/abi/sdk-*/) are left as written: their slot tables are aligned by
# hand for plugin authors, and a frozen copy must stay byte for byte what
# was released.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v clang-format >/dev/null || { echo "check-format: clang-format is not installed" >&2; exit 2; }
mapfile -t files < <(git ls-files '*.c' '*.h' | grep -vE '^(core/include/|tests/abi/sdk-)')
if [ "${1:-}" = --fix ]; then
  clang-format -i "${files[@]}"
  exit 0
fi
bad=()
for f in "${files[@]}"; do
  clang-format --dry-run --Werror "$f" >/dev/null 2>&1 || bad+=("$f")
done
if [ ${#bad[@]} -gt 0 ]; then
  echo "check-format: not formatted with .clang-format (scripts/check-format.sh --fix):"
  printf '  %s\n' "${bad[@]}"
  exit 1
fi
echo "check-format: ${#files[@]} files formatted"
