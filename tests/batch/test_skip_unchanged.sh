# --skip-unchanged skips on a second run and renders again after the data
# changes.
. "$(dirname "$0")/lib.sh"
write_schedule
run() {
  "$BK" batch "$WORK/schedule/monthly.yaml" --jobs 2 --period 2025-02 --skip-unchanged \
    --summary "$WORK/summary.json" >"$WORK/log" 2>&1 || { cat "$WORK/log"; fail "batch failed"; }
}
run
[ "$(summary "$WORK/summary.json" 's["totals"]["ok"]')" = 4 ] || fail "first run"
[ -s "$WORK/schedule/out/binhai/briefing-2025-02.pdf.inputs" ] || fail "no .inputs digest"
run
[ "$(summary "$WORK/summary.json" 's["totals"]["skipped"]')" = 4 ] || fail "second run did not skip"
# A comment is not an input; a changed value is.
echo "# a comment" >>"$WORK/samples/data/zones.yaml"
run
[ "$(summary "$WORK/summary.json" 's["totals"]["skipped"]')" = 4 ] || fail "comment re-rendered"
sed -i 's/city: Tianjin/city: Tianjin Municipality/' "$WORK/samples/data/zones.yaml"
run
[ "$(summary "$WORK/summary.json" 's["totals"]["ok"]')" = 4 ] || fail "data change not re-rendered"
# Another period is another input.
"$BK" batch "$WORK/schedule/monthly.yaml" --period 2025-03 --skip-unchanged \
  --summary "$WORK/s3.json" >/dev/null 2>&1 || fail "period 2025-03"
[ "$(summary "$WORK/s3.json" 's["totals"]["ok"]')" = 4 ] || fail "new period skipped"
# A missing PDF is rendered again even when the digest matches.
rm "$WORK/schedule/out/binhai/briefing-2025-02.pdf"
run
[ "$(summary "$WORK/summary.json" 's["totals"]["ok"]')" = 1 ] || fail "missing PDF not re-rendered"
echo "ok"
