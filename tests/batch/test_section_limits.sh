# batch takes --section-timeout like render: a job whose plugin hangs is
# stopped after the job's first run and its section each get that long
# (here 1 s each), and the error names the section and the limit, instead
# of 60 s twice. A bad value is a usage error.
. "$(dirname "$0")/lib.sh"
FIXTURES=$(dirname "$BK")/tests/fixtures/containment
[ -e "$FIXTURES/fx_hang.so" ] || fail "no fixture plugins in $FIXTURES"
cat >"$WORK/templates/hang.yaml" <<'YAML'
briefkit: 1
document: {title: A plugin that never finishes}
sections:
  - {plugin: fx_hang, id: forever}
YAML
cat >"$WORK/schedule/hang.yaml" <<'YAML'
briefkit_schedule: 1
jobs:
  - name: hang
    template: ../templates/hang.yaml
    output: out/hang.pdf
YAML
rc=0
timeout 30 "$BK" batch "$WORK/schedule/hang.yaml" --period 2025-02 --plugin-path "$FIXTURES" \
  --section-timeout 1 --section-memory 512 --summary "$WORK/summary.json" >"$WORK/log" 2>&1 || rc=$?
[ "$rc" = 1 ] || { cat "$WORK/log"; fail "exit code $rc, expected 1"; }
err=$(summary "$WORK/summary.json" '[j["error"] for j in s["jobs"] if j["name"]=="hang"][0]')
case "$err" in
*"section 'forever' (fx_hang)"*"did not finish within 1 s"*) ;;
*) fail "the error does not name the section and its 1 s limit: $err" ;;
esac
[ ! -e "$WORK/schedule/out/hang.pdf" ] || fail "the hanging job left a PDF"
rc=0
"$BK" batch "$WORK/schedule/hang.yaml" --section-timeout 0 >"$WORK/log" 2>&1 || rc=$?
[ "$rc" = 2 ] || fail "--section-timeout 0: exit code $rc, expected 2"
grep -q -- "--section-timeout expects seconds, 0.1 to 86400" "$WORK/log" || fail "no usage message"
rc=0
"$BK" batch "$WORK/schedule/hang.yaml" --section-memory 1 >"$WORK/log" 2>&1 || rc=$?
[ "$rc" = 2 ] || fail "--section-memory 1: exit code $rc, expected 2"
echo "ok"
