# Shards 1/3, 2/3 and 3/3 together write exactly the full set, once each.
. "$(dirname "$0")/lib.sh"
write_schedule
cat >>"$WORK/schedule/monthly.yaml" <<YAML
  - name: second
    template: ../templates/zone-profile.yaml
    for_each: {data: ../samples/data/zones.yaml, list: zones, as: zone, key: id}
    params: {clusters: chongqing}
    output: out/{{ zone }}/second-{{ period }}.pdf
YAML
: >"$WORK/outputs"
for k in 1 2 3; do
  "$BK" batch "$WORK/schedule/monthly.yaml" --jobs 1 --period 2025-02 --shard "$k/3" \
    >/dev/null 2>"$WORK/log$k" || { cat "$WORK/log$k"; fail "shard $k"; }
  s="$WORK/schedule/monthly-summary-2025-02-shard-$k-of-3.json"
  summary "$s" '"\n".join(j["output"] for j in s["jobs"])' >>"$WORK/outputs"
done
[ "$(wc -l <"$WORK/outputs")" = 8 ] || fail "shards ran $(wc -l <"$WORK/outputs") jobs, expected 8"
[ "$(sort -u "$WORK/outputs" | wc -l)" = 8 ] || fail "shards overlap"
[ "$(find "$WORK/schedule/out" -name '*.pdf' | wc -l)" = 8 ] || fail "not 8 PDFs"
rc=0
"$BK" batch "$WORK/schedule/monthly.yaml" --shard 0/3 2>/dev/null || rc=$?
[ "$rc" = 2 ] || fail "--shard 0/3 accepted"
echo "ok"
