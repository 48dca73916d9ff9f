# A batch whose template reads one SQLite query and one PostgreSQL query per
# zone: --skip-unchanged counts the rows in the inputs digest, so a changed
# number in either database renders that zone again and nothing else; and
# the batch holds no more connections than --jobs (the role's limit is
# --jobs + 1: one for a backend still exiting after its client closed).
# Each job loads its template once, for the digest and the render alike: the
# server's log counts one connection per job (and one for the parent,
# which loads the first job's template to prepare what every job shares).
set -euo pipefail
BK=$1
SRC=$2
. "$(dirname "$0")/pg_cluster.sh"
pg_start log_connections=on
W=$PG_DIR/work
mkdir -p "$W/out"
export SOURCE_DATE_EPOCH=1740787200
fail() {
  echo "FAIL: $*" >&2
  exit 1
}
ZONES="z1 z2 z3 z4 z5 z6"
rows="CREATE TABLE indicators (zone text, seq int, indicator text, unit text, ytd real);"
for z in $ZONES; do
  rows="$rows INSERT INTO indicators VALUES ('$z', 1, 'Output $z', 'yuan', 1234.5), ('$z', 2, 'Exports $z', 'yuan', 99);"
done
pg_sql "$rows CREATE ROLE reader LOGIN PASSWORD '$PGPASSWORD' CONNECTION LIMIT 3;
        GRANT SELECT ON indicators TO reader;"
sqlite3 -bail "$W/local.db" "$rows"
export PGUSER=reader

{
  echo "zones:"
  for z in $ZONES; do echo "  - {id: $z}"; done
} >"$W/zones.yaml"
cat >"$W/t.yaml" <<YAML
briefkit: 1
document: {title: "Indicators {{ zone }}", cover: false, contents: false}
params:
  zone: {type: string, required: true}
data:
  - sqlite: local.db
    query: "SELECT indicator, unit, ytd FROM indicators WHERE zone = ?1 ORDER BY seq"
    params: ["{{ zone }}"]
    as: local
  - postgres: host=$PGHOST port=$PGPORT dbname=postgres
    query: "SELECT indicator, unit, ytd FROM indicators WHERE zone = \$1 ORDER BY seq"
    params: ["{{ zone }}"]
    as: remote
sections:
  - plugin: indicator_table
    id: local
    options: {data_key: local}
  - plugin: indicator_table
    id: remote
    options: {data_key: remote}
YAML
cat >"$W/schedule.yaml" <<YAML
briefkit_schedule: 1
jobs:
  - name: indicators
    template: t.yaml
    for_each: {data: zones.yaml, list: zones, as: zone, key: id}
    output: out/{{ zone }}.pdf
YAML
totals() {
  python3 -c 'import json,sys; t=json.load(open(sys.argv[1]))["totals"]; print(t["ok"], t["skipped"], t["failed"])' "$W/summary.json"
}
# Connections the briefkit role has made so far.
connections() {
  grep -c "connection authorized: user=reader" "$PG_DIR/server.log" || true
}
run() {
  local before
  before=$(connections)
  "$BK" batch "$W/schedule.yaml" --jobs 2 --period 2025-02 --skip-unchanged \
    --summary "$W/summary.json" >"$W/log" 2>&1 || { cat "$W/log"; fail "batch failed"; }
  [ "$(totals)" = "$1" ] || { cat "$W/log"; fail "$2: ok/skipped/failed $(totals), expected $1"; }
  local made=$(($(connections) - before))
  [ "$made" = 7 ] || fail "$2: $made connections to PostgreSQL, expected 7 (6 jobs and the parent)"
}
run "6 0 0" "first run"
pdftotext "$W/out/z3.pdf" - | grep -qF "Output z3" || fail "z3's rows are not in its briefing"
run "0 6 0" "second run (nothing changed)"
pg_sql "UPDATE indicators SET ytd = 1234.6 WHERE zone = 'z3' AND seq = 1"
run "1 5 0" "a changed PostgreSQL number"
sqlite3 "$W/local.db" "UPDATE indicators SET ytd = 100 WHERE zone = 'z5' AND seq = 2"
run "1 5 0" "a changed SQLite number"
pg_sql "UPDATE indicators SET ytd = 1234.6 WHERE zone = 'z3' AND seq = 1"
run "0 6 0" "an update to the same value"
echo ok
