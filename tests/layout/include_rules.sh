#!/usr/bin/env bash
# The include rules of docs/architecture.md, checked: each folder of core/
# includes only itself and the folders below it in the pipeline, and no
# modules include each other round a loop. Core files include each other by
# bare name ("fonts.h"); a name is found in the one folder that holds it.
#   include_rules.sh SOURCE_DIR
set -uo pipefail
cd "${1:-.}/core" || exit 2

# folder: the folders it may include besides itself (include/, the public
# headers, is for everyone).
declare -A may=(
  [util]=""
  [load]="util"
  [plan]="load util"
  [theme]="util"
  [render/engines]="theme util"
  [assemble]="render/engines theme load util"
  [render]="render/engines assemble plan theme load util"
  [batch]="render assemble plan theme load util"
  [cli]=""
)

declare -A home=()
while IFS= read -r f; do
  name=$(basename "$f")
  if [ -n "${home[$name]+set}" ]; then
    echo "FAIL: two headers are called $name: core/${home[$name]}/ and core/$(dirname "$f")/"
    exit 1
  fi
  home[$name]=$(dirname "$f")
done < <(find . -path ./include -prune -o -name '*.h' -print | sed 's|^\./||')

fails=0
edges=$(mktemp)
trap 'rm -f "$edges" "$edges.err"' EXIT
while IFS= read -r file; do
  dir=$(dirname "$file")
  if [ -z "${may[$dir]+set}" ]; then
    echo "FAIL: $file: core/$dir/ is not a folder of the layout (docs/architecture.md)"
    fails=$((fails + 1))
    continue
  fi
  mod=${file%.*}
  while IFS= read -r inc; do
    name=$(basename "$inc")
    tdir=${home[$name]:-}
    if [ -z "$tdir" ]; then
      echo "FAIL: $file includes \"$inc\", which no folder of core/ holds"
      fails=$((fails + 1))
      continue
    fi
    if [ "$tdir" != "$dir" ] && ! [[ " ${may[$dir]} " == *" $tdir "* ]]; then
      echo "FAIL: $file includes $tdir/$name: core/$dir/ may include only ${may[$dir]:-its own files}"
      fails=$((fails + 1))
    fi
    tmod=$tdir/${name%.h}
    [ "$tmod" != "$mod" ] && echo "$mod $tmod" >>"$edges"
  done < <(sed -n 's/^#include "\(.*\)"/\1/p' "$file")
done < <(find . -path ./include -prune -o \( -name '*.c' -o -name '*.h' \) -print | sed 's|^\./||' | sort)

if [ -s "$edges" ] && ! tsort "$edges" >/dev/null 2>"$edges.err"; then
  echo "FAIL: modules include each other in a loop:"
  sed 's/^/  /' "$edges.err"
  fails=$((fails + 1))
fi
[ "$fails" -eq 0 ] && echo "include rules: ok"
exit $((fails > 0))
