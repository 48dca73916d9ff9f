# Outputs built from data stay in the schedule's output folder: a for_each
# key that holds "/" or a control character, is "..", or is empty, and a
# param that puts ".." into the output, each fail their own job with a
# located message; the good jobs still run; exit 1; nothing is written
# outside out/ (nor any folder with a newline in its name).
. "$(dirname "$0")/lib.sh"
mkdir -p "$WORK/victim"
cat >"$WORK/schedule/zones.yaml" <<'YAML'
zones:
  - id: binhai
  - id: ../../victim/x
  - id: "/tmp/bk-escape-absolute"
  - id: ".."
  - id: "a\nrender finished OK"
  - id: ""
YAML
cat >"$WORK/schedule/monthly.yaml" <<'YAML'
briefkit_schedule: 1
jobs:
  - name: zone-profile
    template: ../templates/zone-profile.yaml
    params: {clusters: binhai}
    for_each: {data: zones.yaml, list: zones, as: zone, key: id}
    output: out/{{ zone }}/briefing-{{ period }}.pdf
  - name: by-param
    template: ../templates/zone-profile.yaml
    params: {clusters: binhai, zone: binhai, where: ".."}
    output: out/{{ where }}/escaped.pdf
YAML
rc=0
"$BK" batch "$WORK/schedule/monthly.yaml" --jobs 2 --period 2025-02 \
  --summary "$WORK/summary.json" >"$WORK/log" 2>&1 || rc=$?
[ "$rc" = 1 ] || { cat "$WORK/log"; fail "exit code $rc, expected 1"; }
[ -s "$WORK/schedule/out/binhai/briefing-2025-02.pdf" ] || fail "the good job did not run"
written=$(find "$WORK" /tmp/bk-escape-absolute -name '*.pdf' 2>/dev/null | grep -v "^$WORK/schedule/out/binhai/" || true)
[ -z "$written" ] || fail "PDFs written outside the output folder: $written"
[ ! -e "$WORK/schedule/escaped.pdf" ] || fail "a param took the output out of out/"
n=$(find "$WORK" -name '*
*' | wc -l)
[ "$n" = 0 ] || fail "a file or folder name holds a newline"
[ "$(summary "$WORK/summary.json" 's["totals"]["failed"]')" = 6 ] || fail "totals.failed"
grep -q 'zones.yaml:3:9: zone-profile: the for_each key "../../victim/x" cannot name a file or folder: it holds "/"' "$WORK/log" ||
  { cat "$WORK/log"; fail "no located message for a key with /"; }
grep -q 'zones.yaml:5:9: .*"\.\."' "$WORK/log" || fail "no message for .."
grep -q 'zones.yaml:6:9: .*"a\\nrender finished OK".*control character' "$WORK/log" ||
  fail "control character not escaped in the message"
grep -q 'zones.yaml:7:9: .*it is empty' "$WORK/log" || fail "no message for an empty key"
grep -q 'monthly.yaml:11:13: by-param: output "out/../escaped.pdf" would leave its folder "out/"' "$WORK/log" ||
  { cat "$WORK/log"; fail "no located message for a param with .."; }
! grep -q '^render finished OK' "$WORK/log" || fail "a data value forged a log line"
echo "ok"
