#!/usr/bin/env bash
# Every public header must compile on its own, as C11 and as C++, with the
# warnings we build with: a plugin author includes whichever one they need,
# from either language.
# Usage: header_hygiene.sh INCLUDE_DIR
set -euo pipefail
inc=$1
cc=${CC:-cc}
cxx=${CXX:-c++}
fails=0
for h in "$inc"/briefkit/*.h; do
  name=briefkit/$(basename "$h")
  src="#include <$name>"$'\n'"int bk_hygiene_probe;"
  if ! printf '%s\n' "$src" | $cc -std=c11 -Wall -Wextra -Werror -pedantic -fsyntax-only \
      -I"$inc" -x c - 2>"${TMPDIR:-/tmp}/hyg.$$"; then
    echo "FAIL: <$name> alone as C11:"; head -20 "${TMPDIR:-/tmp}/hyg.$$"; fails=$((fails + 1))
  fi
  for std in c++11 c++17; do
    if ! printf '%s\n' "$src" | $cxx -std=$std -Wall -Wextra -Werror -pedantic -fsyntax-only \
        -I"$inc" -x c++ - 2>"${TMPDIR:-/tmp}/hyg.$$"; then
      echo "FAIL: <$name> alone as $std:"; head -20 "${TMPDIR:-/tmp}/hyg.$$"; fails=$((fails + 1))
    fi
  done
  echo "checked <$name>"
done
rm -f "${TMPDIR:-/tmp}/hyg.$$"
[ "$fails" -eq 0 ]
