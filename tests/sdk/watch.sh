#!/usr/bin/env bash
# `briefkit watch`: renders at once, again after the data changes (saved the
# way editors do, a new file renamed over the old), prints the error of a
# broken save and keeps the last good PDF, and renders again once fixed.
# Usage: watch.sh BRIEFKIT FIXTURE_DIR
set -euo pipefail
bk=$1
fixtures=$2
tmp=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
export SOURCE_DATE_EPOCH=1740787200
cd "$tmp"
cat >t.yaml <<'YAML'
briefkit: 1
document: {title: Watched, cover: false, contents: false}
data: [data/projects.yaml]
sections:
  - plugin: fx_checks
    id: projects
YAML
mkdir data
save() { printf '%s\n' "projects:" "$@" >data/.new && mv data/.new data/projects.yaml; }
save "  - {name: Alpha, amount: 1}" "  - {name: Bravo, amount: 2}"

"$bk" watch t.yaml -o out.pdf --plugin-path "$fixtures" --max-renders 4 >log 2>err &
pid=$!
# wait_for TEXT: until out.pdf says TEXT (30 s at most).
wait_for() {
  for _ in $(seq 300); do
    if [ -f out.pdf ] && pdftotext out.pdf - 2>/dev/null | grep -qF "$1"; then return 0; fi
    sleep 0.1
  done
  echo "FAIL: out.pdf never said '$1'"; cat log err; exit 1
}
wait_for "Bravo"
grep -q "watching .* files" log || { sleep 1; grep -q "watching .* files" log; } ||
  { echo "FAIL: no 'watching' line"; cat log; exit 1; }
sleep 0.3
save "  - {name: Alpha, amount: 1}" "  - {name: Bravo, amount: 2}" "  - {name: Charlie, amount: 3}"
wait_for "Charlie"
good=$(md5sum <out.pdf)
sleep 0.3
save "  - {name: Alpha, amount: oops}"
for _ in $(seq 300); do grep -q "expected an amount" err && break; sleep 0.1; done
grep -q "data/projects.yaml:2:.*project 1: expected an amount of 0 or more" err ||
  { echo "FAIL: the broken save's error was not printed"; cat err; exit 1; }
grep -q "keeps the last good render" err || { echo "FAIL: no 'keeps the last good render'"; exit 1; }
[ "$(md5sum <out.pdf)" = "$good" ] || { echo "FAIL: the last good PDF changed"; exit 1; }
sleep 0.3
save "  - {name: Alpha, amount: 1}" "  - {name: Delta, amount: 4}"
wait_for "Delta"
wait "$pid"
pid=
echo "ok: watch re-renders on a data change, keeps the last good PDF on an error, and recovers"
