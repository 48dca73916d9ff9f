# A job runs its sections in its own process first; when a section crashes
# there, the job runs again with its sections isolated, so the error names
# the section and `on_error: placeholder` still keeps the briefing.
. "$(dirname "$0")/lib.sh"
FIXTURES=$(dirname "$BK")/tests/fixtures/containment
[ -e "$FIXTURES/fx_crash.so" ] || fail "no fixture plugins in $FIXTURES"
write_schedule
cat >"$WORK/templates/crash.yaml" <<'YAML'
briefkit: 1
document: {title: A plugin that crashes}
sections:
  - {plugin: fx_slow_ok, id: steady}
  - {plugin: fx_crash, id: boom}
YAML
cat >"$WORK/templates/placeholder.yaml" <<'YAML'
briefkit: 1
document: {title: One bad section, cover: false, contents: false}
sections:
  - {plugin: fx_slow_ok, id: before}
  - {plugin: fx_crash, id: boom, title: Crashing section, on_error: placeholder}
YAML
cat >>"$WORK/schedule/monthly.yaml" <<YAML
  - name: crash
    template: ../templates/crash.yaml
    output: out/crash.pdf
  - name: placeholder
    template: ../templates/placeholder.yaml
    output: out/placeholder.pdf
YAML
rc=0
"$BK" batch "$WORK/schedule/monthly.yaml" --jobs 2 --period 2025-02 --plugin-path "$FIXTURES" \
  --summary "$WORK/summary.json" >"$WORK/log" 2>&1 || rc=$?
[ "$rc" = 1 ] || { cat "$WORK/log"; fail "exit code $rc, expected 1"; }
for z in $ZONES; do
  [ -s "$WORK/schedule/out/$z/briefing-2025-02.pdf" ] || fail "missing PDF for $z"
done
err=$(summary "$WORK/summary.json" '[j["error"] for j in s["jobs"] if j["name"]=="crash"][0]')
case "$err" in
*"section 'boom' (fx_crash)"*crashed*) ;;
*) fail "crash error does not name the section: $err" ;;
esac
[ ! -e "$WORK/schedule/out/crash.pdf" ] || fail "crashed job left a PDF"
[ "$(summary "$WORK/summary.json" '[j["status"] for j in s["jobs"] if j["name"]=="placeholder"][0]')" = ok ] ||
  fail "placeholder job not ok"
pdftotext "$WORK/schedule/out/placeholder.pdf" - | grep 'Section unavailable' >/dev/null ||
  fail "no placeholder page"
grep -E "^briefkit: warning: placeholder: .*section 'boom' \(fx_crash\).*placeholder page" \
  "$WORK/log" >/dev/null ||
  { cat "$WORK/log"; fail "the placeholder job's warning is not in the log"; }
[ "$(summary "$WORK/summary.json" 's["totals"]["failed"]')" = 1 ] || fail "totals.failed"
echo "ok"
