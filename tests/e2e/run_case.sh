#!/usr/bin/env bash
# Runs one data-driven end-to-end case: tests/data/<case>/.
#
# A case folder holds the inputs (template.yaml, data, ...) and `expect`, one
# check per line:
#   args <arguments for briefkit; {out} is the output PDF, {fixtures} the
#        containment fixture plugins' build folder>  (default: render template.yaml -o {out})
#   exit N                   briefkit's exit code
#   stderr <text>            stderr contains text
#   stdout <text>            stdout contains text
#   no-stderr <text>         stderr does not contain text
#   no-output                no file exists at {out} afterwards
#   pages MIN MAX            pdfinfo's page count is within [MIN, MAX]
#   text <text>              pdftotext of the whole PDF contains text
#   page-text N <text>       pdftotext of page N contains text
#   page-match N <regex>     a line of pdftotext -layout of page N matches the extended regex
#   page-flow N <text>       pdftotext of page N in reading order (not -layout: as a reader
#                            copies it; marks stay on their letters) contains text
#   raw-match N <regex>      a line of pdftotext -raw of page N (its lines as drawn)
#                            matches the extended regex
#   no-raw-match <regex>     no line of pdftotext -raw of any page matches the regex
#   font-chars FACE <text>   the ToUnicode map of face FACE's font gives every character
#                            of text (that face draws them; spaces ignored)
#   no-font-chars FACE <text> face FACE's font draws none of the characters of text
#   font-rows N <regex>      exactly N of pdffonts' rows match the extended regex
#   font <regex>             at least one of pdffonts' rows matches the extended regex
#   no-text <text>           pdftotext of the whole PDF does not contain text
#   fonts-embedded           pdffonts lists fonts and every one is embedded
#   fonts-once               every font pdffonts lists is embedded, subset and has a
#                            ToUnicode map (emb, sub, uni yes), and no face is listed twice
#   font-face <name>         pdffonts lists a font of that face (e.g. NotoSansTibetan)
#   qpdf-clean               qpdf --check passes with no warnings
#   deterministic            a second render (same SOURCE_DATE_EPOCH) is byte-identical
#   keeps-existing           {out} exists before the run and is unchanged after it
#   box N X0 Y0 X1 Y1 <text> a line of page N holding text lies within the box
#                            (millimetres from the page's top left corner;
#                            pdftotext -bbox-layout)
#   grid N LINES CHARS       page N's type area holds LINES lines of text, the longest
#                            CHARS characters (GB/T 9704's 22 x 28 grid)
#   copy K <check>           the check against numbered copy K (out-00000K.pdf)
#   no-copy K                no numbered copy K was written
# Usage: run_case.sh BRIEFKIT CASE_DIR [FIXTURE_DIR]
set -uo pipefail
bk=$1
case_dir=$2
fixtures=${3:-}
name=$(basename "$case_dir")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
out="$work/out.pdf"
export SOURCE_DATE_EPOCH=1740787200 # 2025-03-01, so dates in the output are fixed

fails=0
bad() { echo "FAIL [$name]: $*"; fails=$((fails + 1)); }

args="render template.yaml -o {out}"
if grep -q '^args ' "$case_dir/expect"; then
  args=$(grep '^args ' "$case_dir/expect" | head -1 | cut -d' ' -f2-)
fi
args=${args//\{fixtures\}/\"$fixtures\"}
run() { (cd "$case_dir" && eval "\"$bk\" ${args//\{out\}/\"$1\"}") >"$work/stdout" 2>"$work/stderr"; }
if grep -qx 'keeps-existing' "$case_dir/expect"; then
  echo "an earlier, good briefing" >"$out"
fi
run "$out"
code=$?

pdftext() { pdftotext -layout "$@" - 2>"$work/pdftotext.err"; }

check_line() {
  local line=$1
  check=${line%% *}
  arg=${line#"$check"}
  arg=${arg# }
  case "$check" in
  args) ;;
  exit) [ "$code" -eq "$arg" ] || bad "exit code $code, expected $arg; stderr: $(head -c 600 "$work/stderr")" ;;
  stderr) grep -qF -- "$arg" "$work/stderr" || bad "stderr lacks '$arg'; got: $(head -c 600 "$work/stderr")" ;;
  stdout) grep -qF -- "$arg" "$work/stdout" || bad "stdout lacks '$arg'; got: $(head -c 600 "$work/stdout")" ;;
  no-stderr) ! grep -qF -- "$arg" "$work/stderr" || bad "stderr contains '$arg': $(grep -F -- "$arg" "$work/stderr" | head -3)" ;;
  no-output) [ ! -e "$out" ] || bad "output file exists after a failure" ;
    leftovers=$(find "$work" -name '.out.pdf*' | wc -l); [ "$leftovers" -eq 0 ] || bad "temp files left behind" ;;
  pages)
    read -r min max <<<"$arg"
    n=$(pdfinfo "$out" 2>/dev/null | awk '/^Pages:/ {print $2}')
    { [ -n "$n" ] && [ "$n" -ge "$min" ] && [ "$n" -le "$max" ]; } || bad "page count '$n' not in [$min, $max]" ;;
  # grep without -q in pipes: -q stops reading early, and under pipefail
  # pdftotext's SIGPIPE would then fail a check whose text is there.
  text) pdftext "$out" | grep -F -- "$arg" >/dev/null || bad "PDF text lacks '$arg'" ;;
  no-text) ! pdftext "$out" | grep -F -- "$arg" >/dev/null || bad "PDF text contains '$arg'" ;;
  page-text)
    page=${arg%% *}
    want=${arg#"$page" }
    pdftext -f "$page" -l "$page" "$out" | grep -F -- "$want" >/dev/null || bad "page $page lacks '$want'" ;;
  page-flow)
    page=${arg%% *}
    want=${arg#"$page" }
    pdftotext -f "$page" -l "$page" "$out" - 2>"$work/pdftotext.err" | grep -F -- "$want" >/dev/null ||
      bad "page $page (reading order) lacks '$want'" ;;
  page-match)
    page=${arg%% *}
    want=${arg#"$page" }
    pdftext -f "$page" -l "$page" "$out" | grep -E -- "$want" >/dev/null || bad "no line of page $page matches '$want'" ;;
  # A UTF-8 locale, so a bracket expression holds characters, not bytes.
  raw-match)
    page=${arg%% *}
    want=${arg#"$page" }
    pdftotext -raw -f "$page" -l "$page" "$out" - 2>"$work/pdftotext.err" |
      LC_ALL=C.UTF-8 grep -E -- "$want" >/dev/null || bad "no line of page $page (-raw) matches '$want'" ;;
  no-raw-match)
    hits=$(pdftotext -raw "$out" - 2>"$work/pdftotext.err" | LC_ALL=C.UTF-8 grep -E -- "$arg")
    [ -z "$hits" ] || bad "lines match '$arg': $(head -c 600 <<<"$hits")" ;;
  font-chars | no-font-chars)
    face=${arg%% *}
    want=${arg#"$face" }
    yes=yes; [ "$check" = no-font-chars ] && yes=no
    python3 "$(dirname "$0")/font_chars.py" "$out" "$yes" "$face" "$want" >"$work/chars" 2>&1 ||
      bad "$(cat "$work/chars")" ;;
  font-rows)
    want=${arg%% *}
    re=${arg#"$want" }
    got=$(pdffonts "$out" 2>/dev/null | tail -n +3 | grep -cE -- "$re")
    [ "$got" -eq "$want" ] || bad "$got font rows match '$re', expected $want: $(pdffonts "$out" 2>&1 | head -40)" ;;
  font)
    pdffonts "$out" 2>/dev/null | tail -n +3 | grep -E -- "$arg" >/dev/null ||
      bad "no font row matches '$arg': $(pdffonts "$out" 2>&1 | head -40)" ;;
  fonts-embedded)
    pdffonts "$out" >"$work/fonts" 2>&1 || bad "pdffonts failed"
    rows=$(tail -n +3 "$work/fonts" | wc -l)
    notemb=$(tail -n +3 "$work/fonts" | awk '{ if ($(NF-4) != "yes") print }' | wc -l)
    [ "$rows" -gt 0 ] || bad "no fonts listed"
    [ "$notemb" -eq 0 ] || bad "fonts not embedded: $(cat "$work/fonts")" ;;
  fonts-once)
    pdffonts "$out" >"$work/fonts" 2>&1 || bad "pdffonts failed"
    rows=$(tail -n +3 "$work/fonts" | wc -l)
    [ "$rows" -gt 0 ] || bad "no fonts listed"
    notall=$(tail -n +3 "$work/fonts" | awk '{ if ($(NF-4) != "yes" || $(NF-3) != "yes" || $(NF-2) != "yes") print }' | wc -l)
    [ "$notall" -eq 0 ] || bad "fonts not embedded, subset and mapped to Unicode: $(cat "$work/fonts")"
    twice=$(tail -n +3 "$work/fonts" | awk '{ n = $1; sub(/^[A-Z]{6}\+/, "", n); sub(/,.*/, "", n); print n }' | sort | uniq -d)
    [ -z "$twice" ] || bad "faces embedded more than once: $twice; $(cat "$work/fonts")" ;;
  font-face)
    pdffonts "$out" 2>/dev/null | tail -n +3 | awk '{ print $1 }' | grep -E -- "^[A-Z]{6}\+$arg\$" >/dev/null ||
      bad "no font of face $arg: $(pdffonts "$out" 2>&1)" ;;
  qpdf-clean)
    qpdf --check "$out" >"$work/qpdf" 2>&1 || bad "qpdf --check failed: $(head -c 600 "$work/qpdf")"
    ! grep -qi warning "$work/qpdf" || bad "qpdf --check warns: $(grep -i warning "$work/qpdf" | head -3)" ;;
  keeps-existing)
    [ "$(cat "$out" 2>/dev/null)" = "an earlier, good briefing" ] || bad "the existing file was replaced or removed" ;;
  deterministic)
    run "$work/again.pdf"
    if [ -e "$out" ]; then
      cmp -s "$out" "$work/again.pdf" || bad "two renders differ"
    else # numbered copies: each copy the same on both runs
      for f in "${out%.pdf}"-*.pdf; do
        cmp -s "$f" "$work/again-${f##*-}" || bad "two renders of copy $(basename "$f") differ"
      done
    fi ;;
  box)
    python3 "$(dirname "$0")/text_box.py" "$out" $arg >"$work/box" 2>&1 || bad "$(cat "$work/box")" ;;
  grid)
    python3 "$(dirname "$0")/text_grid.py" "$out" $arg >"$work/grid" 2>&1 || bad "$(cat "$work/grid")" ;;
  copy)
    local k=${arg%% *} saved=$out
    out=$(printf '%s-%06d.pdf' "${saved%.pdf}" "$k")
    [ -f "$out" ] || bad "no numbered copy $k at $(basename "$out")"
    [ -f "$out" ] && check_line "${arg#"$k" }"
    out=$saved ;;
  no-copy)
    [ ! -e "$(printf '%s-%06d.pdf' "${out%.pdf}" "$arg")" ] || bad "numbered copy $arg exists" ;;
  *) bad "unknown check '$check' in expect" ;;
  esac
}

while IFS= read -r line || [ -n "$line" ]; do
  [ -z "$line" ] && continue
  case "$line" in \#*) continue ;; esac
  check_line "$line"
done <"$case_dir/expect"

if [ -s "$work/pdftotext.err" ]; then
  bad "pdftotext complained: $(sort -u "$work/pdftotext.err" | head -3)"
fi
[ "$fails" -eq 0 ] && echo "ok [$name]"
exit $((fails > 0))
