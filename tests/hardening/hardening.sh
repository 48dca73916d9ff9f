#!/usr/bin/env bash
# Hardening checks that need inputs too large or too odd to commit (a 17 MiB
# data file, a 1 MiB string, broken fonts, unusable output paths, symlinks):
# each builds its inputs in a temp folder, runs the real CLI and checks the
# message, the exit code and that no output (or temp file) is left behind.
# Usage: hardening.sh BRIEFKIT CHECK      (CHECK: one of the functions below)
set -uo pipefail
bk=$1
check=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SOURCE_DATE_EPOCH=1740787200
fails=0
bad() { echo "FAIL [$check]: $*"; fails=$((fails + 1)); }

# run ARGS...: runs briefkit in $work, capturing exit code, stdout, stderr.
run() { (cd "$work" && "$bk" "$@") >"$work/stdout" 2>"$work/stderr"; code=$?; }
expect_exit() { [ "$code" -eq "$1" ] || bad "exit code $code, expected $1; stderr: $(head -c 600 "$work/stderr")"; }
expect_stderr() { grep -qF -- "$1" "$work/stderr" || bad "stderr lacks '$1'; got: $(head -c 600 "$work/stderr")"; }
no_output() {
  [ ! -e "$1" ] || bad "output file $1 exists after a failure"
  local left
  left=$(find "$(dirname "$1")" -maxdepth 1 -name ".$(basename "$1").*" 2>/dev/null | wc -l)
  [ "$left" -eq 0 ] || bad "temp files left beside $1"
}

# A template that reads one data file and draws one cheap section.
template_with_data() {
  printf 'briefkit: 1\ndata: [%s]\nsections:\n  - plugin: policy_timeline\n' "$1" >"$work/template.yaml"
}

huge_data_file() {
  template_with_data big.yaml
  # 17 MiB of valid YAML: the size limit (16 MiB) must stop it, not the parser.
  python3 -c "import sys; sys.stdout.write('rows:\n' + '  - 0123456789012345678901234567890123456789\n' * 400000)" >"$work/big.yaml"
  run render template.yaml -o out.pdf
  expect_exit 1
  expect_stderr "data file \"big.yaml\" (./big.yaml): file is larger than the limit of 16777216 bytes"
  no_output "$work/out.pdf"
}

long_string() {
  template_with_data long.yaml
  python3 -c "import sys; sys.stdout.write('note: x\nlong: ' + 'a' * (1024 * 1024 + 1) + '\n')" >"$work/long.yaml"
  run render template.yaml -o out.pdf
  expect_exit 1
  expect_stderr "long.yaml:2:7: text longer than 1048576 bytes"
  no_output "$work/out.pdf"
}

# BRIEFKIT_FONT_DIR holding a copy of fonts/ with one file broken.
broken_font() { # NAME HOW
  mkdir -p "$work/fonts"
  cp "$root"/fonts/*.tt? "$work/fonts/"
  case "$2" in
  empty) : >"$work/fonts/$1" ;;
  truncated) head -c 20000 "$root/fonts/$1" >"$work/fonts/$1" ;;
  not-a-font) echo "this is not a font" >"$work/fonts/$1" ;;
  esac
  (cd "$work" && BRIEFKIT_FONT_DIR="$work/fonts" "$bk" render "$root/templates/monthly-briefing.yaml" \
    -o "$work/out.pdf") >"$work/stdout" 2>"$work/stderr"
  code=$?
  expect_exit 1
  expect_stderr "$work/fonts/$1"
  no_output "$work/out.pdf"
  ! grep -qiE "sanitizer|segmentation|core dumped" "$work/stderr" || bad "crashed: $(head -c 600 "$work/stderr")"
}
font_empty() { broken_font DejaVuSans.ttf empty; }
font_truncated() { broken_font wqy-microhei.ttc truncated; }
font_not_a_font() { broken_font DejaVuSans-Bold.ttf not-a-font; }

# Output paths that cannot be written: nothing is left, nothing replaced.
output_missing_folder() {
  run render "$root/templates/monthly-briefing.yaml" -o "$work/no/such/folder/out.pdf"
  expect_exit 1
  expect_stderr "the folder \"$work/no/such/folder\" does not exist"
  [ ! -e "$work/no" ] || bad "the missing folder was created"
}
output_is_folder() {
  mkdir "$work/out.pdf"
  touch "$work/out.pdf/keep"
  run render "$root/templates/monthly-briefing.yaml" -o "$work/out.pdf"
  expect_exit 1
  expect_stderr "a folder of that name is in the way"
  [ -d "$work/out.pdf" ] && [ -e "$work/out.pdf/keep" ] || bad "the folder at the output path was replaced"
  left=$(find "$work" -maxdepth 1 -name '.out.pdf.*' | wc -l)
  [ "$left" -eq 0 ] || bad "temp files left behind"
}

# Data files outside the template's folder (and the current folder):
# refused, unless --allow-path or BRIEFKIT_ALLOW_PATH names their folder.
# The checks resolve symlinks, so a link inside the folder that points out
# of it is refused too. The runs start in t/, the template's folder.
run_in_t() { (cd "$work/t" && "$bk" "$@") >"$work/stdout" 2>"$work/stderr"; code=$?; }
path_symlink_escape() {
  mkdir -p "$work/t" "$work/elsewhere"
  printf 'zones: [secret]\n' >"$work/elsewhere/data.yaml"
  ln -s "$work/elsewhere/data.yaml" "$work/t/data.yaml"
  printf 'briefkit: 1\ndata: [data.yaml]\nsections:\n  - plugin: policy_timeline\n' >"$work/t/template.yaml"
  run_in_t validate template.yaml
  expect_exit 1
  expect_stderr "template.yaml:2:8: data file \"data.yaml\" is outside the template's folder ($work/t)"
}
path_allow_path() {
  mkdir -p "$work/t" "$work/d"
  printf 'events: []\n' >"$work/d/data.yaml"
  printf 'briefkit: 1\ndata: [../d/data.yaml]\nsections:\n  - plugin: policy_timeline\n' >"$work/t/template.yaml"
  run_in_t validate template.yaml
  expect_exit 1
  expect_stderr "data file \"../d/data.yaml\" is outside the template's folder"
  run_in_t validate template.yaml --allow-path ../d
  expect_exit 0
  run_in_t render template.yaml --allow-path "$work/d" -o "$work/out.pdf"
  expect_exit 0
  [ -s "$work/out.pdf" ] || bad "no PDF written with --allow-path"
  (cd "$work/t" && BRIEFKIT_ALLOW_PATH="/nonexistent:$work/d" "$bk" validate template.yaml) \
    >"$work/stdout" 2>"$work/stderr"
  code=$?
  expect_exit 0
  # Started from the folder holding both t/ and d/: the operator's project.
  run validate t/template.yaml
  expect_exit 0
  # --data files are the operator's own choice and are not checked.
  printf 'briefkit: 1\nsections:\n  - plugin: policy_timeline\n' >"$work/t/template.yaml"
  run_in_t validate template.yaml --data ../d/data.yaml
  expect_exit 0
}

# A plugin that starts a process and leaves it running (holding the
# section's pipe): the section is done when its result arrives (or, after an
# exit(), when its process ends), not at its deadline, and the leftover
# process is killed with the section's process group.
# 0 when process $1 runs (a zombie left to an init that does not reap counts
# as ended).
running() {
  local state
  state=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) || return 1
  [ -n "$state" ] && [ "$state" != Z ] && [ "$state" != X ]
}

leftover_process() {
  local fixtures
  fixtures=$(dirname "$bk")/tests/fixtures/containment
  printf 'briefkit: 1\ndocument: {title: Leftover}\nsections:\n  - plugin: fx_grandchild\n    id: leftover\n' \
    >"$work/template.yaml"
  FX_GRANDCHILD_PIDFILE="$work/pid" run render template.yaml -o out.pdf --plugin-path "$fixtures" \
    --section-timeout 30
  expect_exit 0
  [ -s "$work/out.pdf" ] || bad "no PDF from a section that finished"
  sleep 0.3
  { [ -s "$work/pid" ] && ! running "$(cat "$work/pid")"; } ||
    bad "the process the section started is still running"
  rm -f "$work/pid"
  FX_GRANDCHILD_EXIT=1 FX_GRANDCHILD_PIDFILE="$work/pid" run render template.yaml -o out2.pdf \
    --plugin-path "$fixtures" --section-timeout 30
  expect_exit 1
  expect_stderr "exited (status 0) without a result"
  ! grep -q "did not finish" "$work/stderr" || bad "waited for the deadline after the section's exit"
  no_output "$work/out2.pdf"
  sleep 0.3
  { [ -s "$work/pid" ] && ! running "$(cat "$work/pid")"; } ||
    bad "the process the section started is still running after its exit()"
}

# A plugin refused before its description is read (here: a folder others
# can write to) is named as found but refused, with the reason, wherever a
# template asks for it: not "unknown plugin".
refused_plugin_named() {
  local so
  so=$(find "$(dirname "$bk")/plugins" -name 'zone_overview.so' | head -1)
  mkdir -p "$work/shared"
  cp "$so" "$work/shared/investment_projects.so"
  chmod 0775 "$work/shared"
  printf 'briefkit: 1\nsections:\n  - plugin: investment_projects\n' >"$work/template.yaml"
  run validate template.yaml --plugin-path "$work/shared"
  expect_exit 1
  expect_stderr 'template.yaml:3:13: plugin "investment_projects" was found but refused:'
  expect_stderr "refusing a plugin in a folder other users can write to: $work/shared"
  run render template.yaml -o out.pdf --plugin-path "$work/shared"
  expect_exit 1
  expect_stderr 'was found but refused'
  no_output "$work/out.pdf"
}

"$check"
[ "$fails" -eq 0 ] && echo "ok [$check]"
exit $((fails > 0))
