# A batch over the sample zones writes every PDF and a complete summary.
. "$(dirname "$0")/lib.sh"
write_schedule
"$BK" batch "$WORK/schedule/monthly.yaml" --jobs 2 --period 2025-02 \
  --summary "$WORK/summary.json" >"$WORK/log" 2>&1 || { cat "$WORK/log"; fail "batch failed"; }
for z in $ZONES; do
  pdf="$WORK/schedule/out/$z/briefing-2025-02.pdf"
  [ -s "$pdf" ] || fail "missing $pdf"
  pages=$(pdfinfo "$pdf" | awk '/^Pages:/ { print $2 }')
  [ "$pages" -ge 2 ] || fail "$pdf has $pages pages"
done
[ "$(summary "$WORK/summary.json" 's["period"]')" = 2025-02 ] || fail "period"
[ "$(summary "$WORK/summary.json" 'len(s["jobs"])')" = 4 ] || fail "job count"
[ "$(summary "$WORK/summary.json" '",".join(sorted(set(j["status"] for j in s["jobs"])))')" = ok ] ||
  fail "not every job ok"
[ "$(summary "$WORK/summary.json" 's["totals"]["ok"]')" = 4 ] || fail "totals"
[ "$(summary "$WORK/summary.json" 'all(j["pages"] > 0 and j["bytes"] > 0 for j in s["jobs"])')" = True ] ||
  fail "pages/bytes"
grep -q '^\[4/4\] ok ' "$WORK/log" || fail "no plain progress lines when not on a terminal"
echo "ok"
