#!/usr/bin/env bash
# `briefkit watch` over data that is not YAML: it renders again when a CSV
# file is appended to, when a SQLite database changes (written and closed by
# the sqlite3 tool), and when a program that keeps the database open in WAL
# mode commits, which writes only the -wal log and closes nothing.
# Usage: watch_sources.sh BRIEFKIT (the build's own plugins: indicator_table)
set -euo pipefail
bk=$1
tmp=$(mktemp -d)
pid=
writer=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; [ -n "$writer" ] && kill "$writer" 2>/dev/null; rm -rf "$tmp"' EXIT
export SOURCE_DATE_EPOCH=1740787200
cd "$tmp"
cat >t.yaml <<'YAML'
briefkit: 1
document: {title: Watched sources, cover: false, contents: false}
data:
  - {csv: rows.csv, as: from_csv}
  - sqlite: local.db
    query: "SELECT indicator, unit, ytd FROM indicators ORDER BY seq"
    as: from_db
sections:
  - plugin: indicator_table
    id: csv
    options: {data_key: from_csv}
  - plugin: indicator_table
    id: db
    options: {data_key: from_db}
YAML
printf '%s\n' "indicator,unit,ytd" "Alpha output,yuan,1" >rows.csv
sqlite3 -bail local.db "CREATE TABLE indicators (seq int, indicator text, unit text, ytd real);
  INSERT INTO indicators VALUES (1, 'Bravo exports', 'yuan', 2);"

"$bk" watch t.yaml -o out.pdf --max-renders 50 >log 2>err &
pid=$!
fail() {
  echo "FAIL: $*"
  cat log err
  exit 1
}
# wait_for TEXT: until out.pdf says TEXT (30 s at most).
wait_for() {
  for _ in $(seq 300); do
    if [ -f out.pdf ] && pdftotext out.pdf - 2>/dev/null | grep -qF "$1"; then return 0; fi
    sleep 0.1
  done
  fail "out.pdf never said '$1'"
}
# watching N: until the watch has started watching for the Nth time, so a
# change made next is one it is waiting for.
watching() {
  for _ in $(seq 300); do
    [ "$(grep -c '^watching' log || true)" -ge "$1" ] && return 0
    sleep 0.1
  done
  fail "the watch did not start watching (time $1)"
}
wait_for "Bravo exports"
watching 1
echo "Charlie output,yuan,3" >>rows.csv
wait_for "Charlie output"
watching 2
sqlite3 -bail local.db "INSERT INTO indicators VALUES (2, 'Delta exports', 'yuan', 4)"
wait_for "Delta exports"
watching 3
# WAL mode, switched by a connection that closes: the database file changes
# (one more render).
sqlite3 -bail local.db "PRAGMA journal_mode=WAL" >/dev/null
watching 4
# The writer opens its connection first (opening may touch the log's
# attributes, a render of its own); once the watch waits again, it commits.
python3 - <<'PY' &
import os, sqlite3, time
db = sqlite3.connect("local.db")
db.execute("SELECT count(*) FROM indicators").fetchall()
open("opened", "w").close()
while not os.path.exists("go"):
    time.sleep(0.05)
db.execute("INSERT INTO indicators VALUES (3, 'Echo exports', 'yuan', 5)")
db.commit()
open("committed", "w").close()
time.sleep(60)  # the connection stays open: nothing is checkpointed or closed
PY
writer=$!
for _ in $(seq 100); do [ -e opened ] && break; sleep 0.1; done
[ -e opened ] || fail "the writer did not open the database"
sleep 1 # a render the opening set off is over by now
db_before=$(md5sum <local.db)
touch go
for _ in $(seq 100); do [ -e committed ] && break; sleep 0.1; done
[ -e committed ] || fail "the writer did not commit"
[ -s local.db-wal ] || fail "the commit is not in the -wal log"
[ "$(md5sum <local.db)" = "$db_before" ] || fail "the commit changed the database file, not only its -wal log"
wait_for "Echo exports"
grep -q "watching 5 files" log ||
  fail "expected 5 watched files (template, CSV, database, its -wal log, indicator_table)"
echo "ok: watch re-renders when a CSV file, a SQLite database or its -wal log changes"
