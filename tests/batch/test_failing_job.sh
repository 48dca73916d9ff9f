# A job with a broken template fails; the others still finish; exit code 1.
. "$(dirname "$0")/lib.sh"
write_schedule
sed 's/plugin: policy_timeline/plugin: no_such_plugin/' "$WORK/templates/zone-profile.yaml" \
  >"$WORK/templates/broken.yaml"
cat >>"$WORK/schedule/monthly.yaml" <<YAML
  - name: broken
    template: ../templates/broken.yaml
    output: out/broken.pdf
YAML
rc=0
"$BK" batch "$WORK/schedule/monthly.yaml" --jobs 2 --period 2025-02 \
  --summary "$WORK/summary.json" >"$WORK/log" 2>&1 || rc=$?
[ "$rc" = 1 ] || { cat "$WORK/log"; fail "exit code $rc, expected 1"; }
for z in $ZONES; do
  [ -s "$WORK/schedule/out/$z/briefing-2025-02.pdf" ] || fail "missing PDF for $z"
done
[ ! -e "$WORK/schedule/out/broken.pdf" ] || fail "broken job left a PDF"
[ "$(summary "$WORK/summary.json" '[j["status"] for j in s["jobs"] if j["name"]=="broken"][0]')" = failed ] ||
  fail "broken job not failed in summary"
summary "$WORK/summary.json" '[j["error"] for j in s["jobs"] if j["name"]=="broken"][0]' |
  grep -q 'broken.yaml:.*no_such_plugin' || fail "error lacks location and plugin name"
[ "$(summary "$WORK/summary.json" 's["totals"]["failed"]')" = 1 ] || fail "totals.failed"
grep -q 'FAILED broken' "$WORK/log" || fail "failure not logged"
echo "ok"
