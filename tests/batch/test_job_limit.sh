# A schedule expands to at most max_jobs jobs (default 10,000): a for_each
# over more items is refused at its line before any job runs, with the
# count and how to allow more; a bad max_jobs is refused at its line; and
# the expansion stays linear, so a large schedule with a large limit
# expands (100,000 ids here, one shard of them run).
. "$(dirname "$0")/lib.sh"
write_schedule
sed -i 's/^briefkit_schedule: 1$/briefkit_schedule: 1\nmax_jobs: 3/' "$WORK/schedule/monthly.yaml"
rc=0
"$BK" batch "$WORK/schedule/monthly.yaml" --period 2025-02 >"$WORK/log" 2>&1 || rc=$?
[ "$rc" = 1 ] || { cat "$WORK/log"; fail "exit code $rc, expected 1"; }
grep -q 'monthly.yaml:7:15: for_each: "zones" in .*zones.yaml has 4 items, which would make 4 jobs: more than the schedule.s limit of 3 (set max_jobs: N' "$WORK/log" ||
  { cat "$WORK/log"; fail "no located message for the job limit"; }
[ ! -e "$WORK/schedule/out" ] || fail "a job ran although the schedule was refused"

sed -i 's/^max_jobs: 3$/max_jobs: lots/' "$WORK/schedule/monthly.yaml"
rc=0
"$BK" batch "$WORK/schedule/monthly.yaml" --period 2025-02 >"$WORK/log" 2>&1 || rc=$?
[ "$rc" = 1 ] || fail "bad max_jobs: exit code $rc"
grep -q 'monthly.yaml:2:11: max_jobs: expected a whole number from 1 to 1000000, got "lots"' "$WORK/log" ||
  { cat "$WORK/log"; fail "no located message for a bad max_jobs"; }

python3 -c "
print('zones:')
for i in range(100000): print(f'  - id: z{i}')" >"$WORK/schedule/many.yaml"
cat >"$WORK/schedule/many-jobs.yaml" <<YAML
briefkit_schedule: 1
max_jobs: 100000
jobs:
  - name: z
    template: ../templates/zone-profile.yaml
    for_each: {data: many.yaml, list: zones, as: zone, key: id}
    output: out/{{ zone }}.pdf
YAML
rc=0
timeout 60 "$BK" batch "$WORK/schedule/many-jobs.yaml" --period 2025-02 --shard 10000/10000 \
  --summary "$WORK/summary.json" >"$WORK/log" 2>&1 || rc=$?
[ "$rc" = 1 ] || { tail -3 "$WORK/log"; fail "100,000 jobs: exit code $rc (expected 1: the ids are not zones)"; }
[ "$(summary "$WORK/summary.json" 's["totals"]["jobs"]')" = 10 ] || fail "shard 10000/10000 of 100,000 jobs is not 10 jobs"
echo "ok"
