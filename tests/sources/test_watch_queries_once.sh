# `briefkit watch` over a template whose data entries read a YAML file and
# a PostgreSQL query: each render loads the template once, and the files it
# watches come from that same load, so the server's log counts one
# connection per render (it counted two when the list of inputs was loaded
# apart). A save of the YAML file renders again, with the database's rows
# as they are then; the YAML file, the template and the plugin are watched.
set -euo pipefail
BK=$1
SRC=$2
. "$(dirname "$0")/pg_cluster.sh"
pg_start log_connections=on
W=$PG_DIR/work
mkdir -p "$W"
cd "$W"
export SOURCE_DATE_EPOCH=1740787200
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; pg_stop' EXIT
fail() {
  echo "FAIL: $*" >&2
  cat "$W/log" "$W/err" >&2 2>/dev/null || true
  exit 1
}
pg_sql "CREATE TABLE indicators (seq int, indicator text, unit text, ytd real);
        INSERT INTO indicators VALUES (1, 'Remote alpha', 'yuan', 1);
        CREATE ROLE reader LOGIN PASSWORD '$PGPASSWORD';
        GRANT SELECT ON indicators TO reader;"
export PGUSER=reader
cat >t.yaml <<YAML
briefkit: 1
document: {title: Watched queries, cover: false, contents: false}
data:
  - local.yaml
  - postgres: host=$PGHOST port=$PGPORT dbname=postgres
    query: "SELECT indicator, unit, ytd FROM indicators ORDER BY seq"
    as: remote
sections:
  - plugin: indicator_table
    id: local
    options: {data_key: local}
  - plugin: indicator_table
    id: remote
    options: {data_key: remote}
YAML
# save NAME: local.yaml with one row named NAME, written as editors do.
save() {
  printf '%s\n' "local:" "  - {indicator: $1, unit: yuan, ytd: 2}" >.local.new
  mv .local.new local.yaml
}
save "Local bravo"
connections() {
  grep -c "connection authorized: user=reader" "$PG_DIR/server.log" || true
}
before=$(connections)

"$BK" watch t.yaml -o out.pdf --max-renders 3 >log 2>err &
pid=$!
# wait_for TEXT: until out.pdf says TEXT (30 s at most).
wait_for() {
  for _ in $(seq 300); do
    if [ -f out.pdf ] && pdftotext out.pdf - 2>/dev/null | grep -qF "$1"; then return 0; fi
    sleep 0.1
  done
  fail "out.pdf never said '$1'"
}
# watching N: until the watch has started watching for the Nth time.
watching() {
  for _ in $(seq 300); do
    [ "$(grep -c '^watching' log || true)" -ge "$1" ] && return 0
    sleep 0.1
  done
  fail "the watch did not start watching (time $1)"
}
wait_for "Remote alpha"
wait_for "Local bravo"
watching 1
grep -q "^watching 3 files" log ||
  fail "expected 3 watched files (template, local.yaml, indicator_table)"
[ "$(($(connections) - before))" = 1 ] ||
  fail "the first render made $(($(connections) - before)) connections to PostgreSQL, expected 1"
pg_sql "UPDATE indicators SET indicator = 'Remote charlie'"
save "Local delta"
wait_for "Remote charlie"
wait_for "Local delta"
watching 2
save "Local echo"
wait_for "Local echo"
wait "$pid" || fail "watch exited with $?"
pid=
made=$(($(connections) - before))
[ "$made" = 3 ] || fail "$made connections to PostgreSQL for 3 renders, expected 3 (one a render)"
[ "$(grep -c '^\[.*out.pdf: .* pages' log)" = 3 ] || fail "expected 3 renders in the log"
echo "ok: watch queries PostgreSQL once a render"
