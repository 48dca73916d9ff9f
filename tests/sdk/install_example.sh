#!/usr/bin/env bash
# The SDK as a third party meets it: install briefkit into a fresh prefix,
# build samples/plugin-example against that prefix with CMake (and once with
# plain cc + pkg-config), and render its template with the installed CLI.
# Also renders a shipped template from share/briefkit/templates, which
# proves the installed library finds its own fonts and plugins.
# Usage: install_example.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix
export SOURCE_DATE_EPOCH=1740787200

cmake --install "$build" --prefix "$prefix" >"$tmp/install.log"
bk=$prefix/bin/briefkit
for f in include/briefkit/plugin.h lib/pkgconfig/briefkit.pc lib/cmake/briefkit/briefkitConfig.cmake \
    share/briefkit/fonts share/briefkit/samples/data/zones.yaml; do
  [ -e "$prefix/$f" ] || { echo "FAIL: $f not installed"; exit 1; }
done
ls "$prefix"/lib*/libbriefkit.so.0 >/dev/null || { echo "FAIL: no libbriefkit.so.0"; exit 1; }
# The guides and man pages come with a package; the skeleton points at them.
for f in share/doc/briefkit/plugin-guide.md share/doc/briefkit/template-reference.md \
    share/doc/briefkit/architecture.md share/man/man1/briefkit.1 share/man/man7/briefkit-plugin.7 \
    share/briefkit/valgrind/briefkit.supp; do
  [ -s "$prefix/$f" ] || { echo "FAIL: $f not installed"; exit 1; }
done
if command -v groff >/dev/null; then
  for page in "$prefix"/share/man/man1/briefkit.1 "$prefix"/share/man/man7/briefkit-plugin.7; do
    warn=$(groff -man -ww -z "$page" 2>&1) || true
    [ -z "$warn" ] || { echo "FAIL: $page: $warn"; exit 1; }
  done
fi

cmake -S "$src/samples/plugin-example" -B "$tmp/example" -DCMAKE_PREFIX_PATH="$prefix" \
  >"$tmp/configure.log" || { cat "$tmp/configure.log"; exit 1; }
cmake --build "$tmp/example" >"$tmp/build.log" || { cat "$tmp/build.log"; exit 1; }
so=$tmp/example/notice_box.so
exported=$(nm -D --defined-only "$so" | awk '{print $3}')
[ "$exported" = "briefkit_plugin_v1" ] || { echo "FAIL: exports: $exported"; exit 1; }
if readelf -d "$so" | grep -q 'libbriefkit'; then
  echo "FAIL: the plugin links libbriefkit"; exit 1
fi

# Render from the example's folder: its template reads ../data/zones.yaml.
(cd "$src/samples/plugin-example" &&
  "$bk" render example.yaml --plugin-path "$tmp/example" --allow-path ../data \
    -o "$tmp/example.pdf" -q)
pdftotext "$tmp/example.pdf" "$tmp/example.txt" 2>/dev/null
for want in "Figures due on the 5th" "数据报送截止" "Deadline" "Liangjiang New Area"; do
  grep -qF "$want" "$tmp/example.txt" || { echo "FAIL: example PDF lacks '$want'"; exit 1; }
done

# pkg-config alone is enough to build a plugin (Cflags only, no Libs).
pc="env PKG_CONFIG_PATH=$(dirname "$(find "$prefix" -name briefkit.pc)")"
mkdir "$tmp/pc"
${CC:-cc} -std=c11 -shared -fPIC -fvisibility=hidden -Wl,-z,defs \
  $($pc pkg-config --cflags briefkit cairo) "$src/samples/plugin-example/notice_box.c" \
  $($pc pkg-config --libs cairo) -o "$tmp/pc/notice_box.so"
"$bk" plugins --plugin-path "$tmp/pc" | grep -q "^notice_box .*$tmp/pc/notice_box.so" ||
  { echo "FAIL: the pkg-config build is not listed"; "$bk" plugins --plugin-path "$tmp/pc"; exit 1; }
[ -f "$($pc pkg-config --variable=docdir briefkit)/plugin-guide.md" ] ||
  { echo "FAIL: docdir does not hold the plugin guide"; exit 1; }
# The guide's haru recipe: libharu has no .pc file on Debian, so -lhpdf by name.
"$bk" plugin new haru_pc --engine haru --dir "$tmp/haru_pc" >/dev/null
mkdir "$tmp/pch"
${CC:-cc} -std=c11 -shared -fPIC -fvisibility=hidden -Wl,-z,defs \
  $($pc pkg-config --cflags briefkit) "$tmp/haru_pc/haru_pc.c" -lhpdf -lm -o "$tmp/pch/haru_pc.so"
"$bk" plugins --plugin-path "$tmp/pch" | grep -q "^haru_pc " ||
  { echo "FAIL: the haru pkg-config build is not listed"; exit 1; }
[ "$($pc pkg-config --variable=plugindir briefkit)" -ef "$(dirname "$(find "$prefix" -name zone_overview.so)")" ] ||
  { echo "FAIL: plugindir does not name the installed plugin folder"; exit 1; }

# A shipped template, from the install alone: data at ../samples/data, fonts
# and built-in plugins found relative to the installed library.
tpl=$(ls "$prefix"/share/briefkit/templates/*.yaml | head -1)
(cd "$tmp" && "$bk" render "$tpl" -o "$tmp/shipped.pdf" -q)
pdffonts "$tmp/shipped.pdf" | tail -n +3 | awk '{ if ($(NF-4) != "yes") bad=1 } END { exit bad }' ||
  { echo "FAIL: fonts not embedded in $tpl's PDF"; exit 1; }
echo "ok: installed SDK builds the example (CMake and pkg-config) and renders $(basename "$tpl")"
