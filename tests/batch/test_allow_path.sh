# --allow-path reaches a batch's jobs as it reaches a render: without it (and
# without BRIEFKIT_ALLOW_PATH) the template's ../samples/data is refused,
# with it every job renders, and --skip-unchanged's digests load the
# template the same way.
. "$(dirname "$0")/lib.sh"
unset BRIEFKIT_ALLOW_PATH
write_schedule
cd /
rc=0
"$BK" batch "$WORK/schedule/monthly.yaml" --jobs 2 --period 2025-02 \
  --summary "$WORK/refused.json" >"$WORK/log" 2>&1 || rc=$?
[ "$rc" = 1 ] || { cat "$WORK/log"; fail "expected exit 1 without --allow-path, got $rc"; }
grep -q -- "--allow-path" "$WORK/log" || { cat "$WORK/log"; fail "the refusal does not say how to allow"; }
"$BK" batch "$WORK/schedule/monthly.yaml" --jobs 2 --period 2025-02 --allow-path "$WORK/samples" \
  --skip-unchanged --summary "$WORK/summary.json" >"$WORK/log" 2>&1 ||
  { cat "$WORK/log"; fail "batch with --allow-path failed"; }
[ "$(summary "$WORK/summary.json" 's["totals"]["ok"]')" = 4 ] || fail "not every job ok"
"$BK" batch "$WORK/schedule/monthly.yaml" --jobs 2 --period 2025-02 -A "$WORK/samples" \
  --skip-unchanged --summary "$WORK/again.json" >"$WORK/log" 2>&1 ||
  { cat "$WORK/log"; fail "second batch with --allow-path failed"; }
[ "$(summary "$WORK/again.json" 's["totals"]["skipped"]')" = 4 ] || fail "unchanged jobs not skipped"
echo "ok"
