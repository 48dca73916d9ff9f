# `postgres:` data entries against a real server started here: rows into the
# indicator table, bound params (an injection attempt comes back as data,
# the table stays), a read-only transaction, a refused connection, a
# timeout, a query error, a password in the template refused, and the
# password never printed. Each failure: its message, exit 1, no output.
set -euo pipefail
BK=$1
SRC=$2
. "$(dirname "$0")/pg_cluster.sh"
pg_start
W=$PG_DIR/work
mkdir -p "$W"
cd "$W"
export SOURCE_DATE_EPOCH=1740787200

fail() {
  echo "FAIL: $*" >&2
  exit 1
}
pg_sql "CREATE TABLE indicators (zone text, seq int, indicator text, unit text, month numeric,
          ytd double precision, yoy real, level int, note text, day date, flag boolean);
        INSERT INTO indicators VALUES
          ('binhai', 1, '生物医药产业产值', '元', NULL, 40250000000, NULL, 0, NULL, '2020-12-31', true),
          ('binhai', 2, '占天津市比重', '%', NULL, 64.2, NULL, 1, 'share', '2020-12-31', false),
          ('liangjiang', 1, 'Medical output growth', '%', NULL, NULL, 11.9, 0, NULL, NULL, NULL);"

# template NAME QUERY [EXTRA-LINES]: a template reading the query's rows.
template() {
  cat >"$W/$1.yaml" <<YAML
briefkit: 1
document: {title: "${TITLE:-PG}", lang: zh, cover: false, contents: false}
params:
  zone: {type: string, default: binhai}
data:
  - postgres: ${CONN:-host=$PGHOST port=$PGPORT dbname=postgres}
    query: "$2"
    params: ["{{ zone }}"]
${3:-}
    as: indicators
sections:
  - plugin: indicator_table
YAML
}
# must_fail NAME MESSAGE [briefkit args...]: exit 1, MESSAGE on stderr, no PDF,
# and never the password.
must_fail() {
  local name=$1 msg=$2
  shift 2
  rm -f "$W/out.pdf"
  set +e
  "$BK" render "$W/$name.yaml" -o "$W/out.pdf" "$@" >"$W/stdout" 2>"$W/stderr"
  local code=$?
  set -e
  [ "$code" -eq 1 ] || fail "$name: exit $code, expected 1: $(cat "$W/stderr")"
  grep -qF -- "$msg" "$W/stderr" || fail "$name: stderr lacks '$msg': $(cat "$W/stderr")"
  [ ! -e "$W/out.pdf" ] || fail "$name: an output file was written"
  ! grep -qF "$PGPASSWORD" "$W/stderr" "$W/stdout" || fail "$name: the password was printed"
}

# Rows, typed: numeric and double as numbers, date as YYYY-MM-DD, boolean as true/false.
TITLE="PG {{ indicators.0.indicator }} {{ indicators.0.day }} {{ indicators.0.flag }}" \
  template rows "SELECT indicator, unit, month, ytd, yoy, level, note, day, flag FROM indicators WHERE zone = \$1 ORDER BY seq"
"$BK" render "$W/rows.yaml" -o "$W/out.pdf" >/dev/null 2>"$W/stderr" || fail "rows: $(cat "$W/stderr")"
text=$(pdftotext -layout "$W/out.pdf" -)
for want in "PG 生物医药产业产值 2020-12-31 true" "402.5" "亿元" "64.2" "share"; do
  grep -qF -- "$want" <<<"$text" || fail "rows: PDF lacks '$want'"
done

# An injection attempt is bound as a value: it comes back as data.
template inject "SELECT \$1::text AS indicator, (SELECT count(*) FROM indicators) AS ytd"
"$BK" render "$W/inject.yaml" --set "zone='; DROP TABLE indicators; --" -o "$W/out.pdf" \
  >/dev/null 2>"$W/stderr" || fail "inject: $(cat "$W/stderr")"
pdftotext "$W/out.pdf" - | grep -qF "'; DROP TABLE indicators; --" || fail "inject: value not shown"
[ "$(pg_sql "SELECT count(*) FROM indicators")" = 3 ] || fail "inject: the table changed"

# The transaction is read-only: a write inside a SELECT is refused.
template write "WITH d AS (DELETE FROM indicators WHERE zone = \$1 RETURNING indicator) SELECT * FROM d"
must_fail write "in a read-only transaction"
[ "$(pg_sql "SELECT count(*) FROM indicators")" = 3 ] || fail "write: the table changed"

# {{ }} inside the SQL is refused before connecting.
template splice "SELECT * FROM indicators WHERE zone = '{{ zone }}'"
must_fail splice "query: {{ }} is not allowed inside SQL"

# A query error: the server's message at the query's line.
template qerr "SELECT nope FROM indicators WHERE zone = \$1"
must_fail qerr "qerr.yaml:7:12: postgres: query failed: column \"nope\" does not exist"

# A timeout: the statement is cancelled by the server, reported at timeout:.
template slow "SELECT pg_sleep(30)::text AS indicator, \$1 AS unit" "    timeout: 1"
start=$(date +%s)
must_fail slow "slow.yaml:9:14: postgres: the query ran longer than 1 s (timeout: 1)"
[ $(($(date +%s) - start)) -lt 10 ] || fail "slow: the timeout did not stop the query"

# Limits on rows.
template many "SELECT indicator FROM indicators, generate_series(1, 1000) WHERE zone <> \$1" "    max_rows: 10"
must_fail many "many.yaml:9:15: the query gives more than 10 rows (max_rows: 10)"

# A wrong password: libpq's message, not the password.
PGPASSWORD=wrong-password template rows2 "SELECT indicator FROM indicators WHERE zone = \$1"
PGPASSWORD=wrong-password must_fail rows2 "password authentication failed for user \"$PGUSER\""

# A password written into the template is refused without echoing it.
CONN="host=$PGHOST port=$PGPORT dbname=postgres password=$PGPASSWORD" template pw "SELECT 1 AS x WHERE \$1 <> ''"
must_fail pw "postgres: the connection names a password; a template is no place for one"
CONN="postgresql://$PGUSER:$PGPASSWORD@localhost:$PGPORT/postgres" template pwuri "SELECT 1 AS x WHERE \$1 <> ''"
must_fail pwuri "postgres: the connection names a password"

# A service name, from a service file.
cat >"$W/pg_service.conf" <<CONF
[stats]
host=$PGHOST
port=$PGPORT
dbname=postgres
CONF
CONN=stats template svc "SELECT indicator FROM indicators WHERE zone = \$1"
PGSERVICEFILE="$W/pg_service.conf" "$BK" render "$W/svc.yaml" -o "$W/out.pdf" >/dev/null 2>"$W/stderr" ||
  fail "service: $(cat "$W/stderr")"

# A server that is not there: the connection is refused.
CONN="host=$PG_DIR/nowhere port=$PGPORT dbname=postgres" template refused "SELECT 1 AS x WHERE \$1 <> ''"
mkdir -p "$PG_DIR/nowhere"
must_fail refused "refused.yaml:6:15: postgres: cannot connect: connection to server on socket"
echo ok
