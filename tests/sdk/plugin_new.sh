#!/usr/bin/env bash
# `briefkit plugin new` must write a skeleton that builds against an
# installed briefkit and renders as it is, for either engine; and it must
# refuse a bad name and an existing folder without writing anything.
# Usage: plugin_new.sh BUILD_DIR
set -euo pipefail
build=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix
export SOURCE_DATE_EPOCH=1740787200
cmake --install "$build" --prefix "$prefix" >"$tmp/install.log"
bk=$prefix/bin/briefkit

cd "$tmp"
for engine in cairo haru; do
  name=demo_section
  [ "$engine" = haru ] && name=demo_haru
  "$bk" plugin new "$name" --engine "$engine" >"$tmp/new.log"
  for f in "$name.c" CMakeLists.txt README.md "$name.yaml"; do
    [ -s "$name/$f" ] || { echo "FAIL: $name/$f not written"; exit 1; }
  done
  cmake -S "$name" -B "$name/build" -DCMAKE_PREFIX_PATH="$prefix" >"$tmp/cfg.log" ||
    { cat "$tmp/cfg.log"; exit 1; }
  cmake --build "$name/build" >"$tmp/build.log" 2>&1 || { cat "$tmp/build.log"; exit 1; }
  if grep -q 'warning' "$tmp/build.log"; then
    echo "FAIL: the $engine skeleton builds with warnings:"; cat "$tmp/build.log"; exit 1
  fi
  (cd "$name" && "$bk" render "$name.yaml" --plugin-path build -o "$tmp/$name.pdf" -q)
  pdftotext "$tmp/$name.pdf" - 2>/dev/null | grep -qF "Hello from $name" ||
    { echo "FAIL: the $engine skeleton's PDF lacks its message"; exit 1; }
  # The skeleton's page test: fails without references, passes once they
  # are made, and fails with a diff image when the page changes.
  if (cd "$name/build" && ctest >"$tmp/ctest.log" 2>&1); then
    echo "FAIL: the $engine skeleton's page test passed without references"; exit 1
  fi
  (cd "$name" && "$bk" plugin test "$name.yaml" --plugin-path build --update >/dev/null)
  [ -s "$name/ref/$name-1.png" ] || { echo "FAIL: no reference written"; exit 1; }
  (cd "$name/build" && ctest --output-on-failure >"$tmp/ctest.log" 2>&1) ||
    { echo "FAIL: the $engine skeleton's page test fails on its own references"; cat "$tmp/ctest.log"; exit 1; }
  sed -i 's/Hello from/Goodbye from/' "$name/$name.yaml"
  if (cd "$name/build" && ctest >"$tmp/ctest.log" 2>&1); then
    echo "FAIL: the $engine skeleton's page test missed a changed page"; exit 1
  fi
  [ -s "$name/build/plugin-test-out/$name-1-diff.png" ] ||
    { echo "FAIL: no diff image for the changed page"; cat "$tmp/ctest.log"; exit 1; }
done

# Refusals: exit 1, a reason, and nothing written.
if "$bk" plugin new 9lives 2>"$tmp/err"; then echo "FAIL: accepted 9lives"; exit 1; fi
grep -q 'must start with a lower-case letter' "$tmp/err" || { cat "$tmp/err"; exit 1; }
[ ! -e 9lives ] || { echo "FAIL: a folder was made for a refused name"; exit 1; }
if "$bk" plugin new Bad-Name 2>"$tmp/err"; then echo "FAIL: accepted Bad-Name"; exit 1; fi
before=$(ls -la demo_section | md5sum)
if "$bk" plugin new demo_section 2>"$tmp/err"; then echo "FAIL: wrote into an existing folder"; exit 1; fi
grep -q 'already exists' "$tmp/err" || { cat "$tmp/err"; exit 1; }
[ "$before" = "$(ls -la demo_section | md5sum)" ] || { echo "FAIL: the existing folder changed"; exit 1; }
"$bk" plugin new other --dir "$tmp/elsewhere" >/dev/null
[ -s "$tmp/elsewhere/other.c" ] || { echo "FAIL: --dir ignored"; exit 1; }
echo "ok: plugin new writes skeletons that build, render and test their pages (cairo, haru) and refuses bad names and existing folders"
