# Sourced by the PostgreSQL tests: a throwaway cluster in a temp folder,
# listening only on a Unix socket there, with password authentication (the
# password reaches libpq through PGPASSWORD, as a deployment would give it;
# PG_AUTH=peer authenticates local connections by the client's OS user, as
# Debian's own clusters do), stopped and removed when the test exits. PostgreSQL refuses to run as
# root, so under root the cluster runs as `nobody`, owning its folder.
#   pg_start [postgres -c settings...]   sets PGHOST, PGPORT, PGUSER, PGDATABASE, PGPASSWORD
#   pg_sql "SQL"                          runs SQL as the cluster's owner (a superuser
#                                         named for the OS user the server runs as)
#   pg_sql_file <FILE                     the same, for SQL on stdin
PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
[ -x "$PG_BIN/initdb" ] || { echo "FAIL: no PostgreSQL server (initdb) found; install postgresql" >&2; exit 1; }
PG_DIR=$(mktemp -d /tmp/bk_pg.XXXXXX)
PG_AS=()
PG_OWNER=$(id -un)
if [ "$(id -u)" -eq 0 ]; then
  chown nobody "$PG_DIR"
  PG_AS=(runuser -u nobody --)
  PG_OWNER=nobody
fi
pg_stop() {
  "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
}
trap pg_stop EXIT

export PGHOST=$PG_DIR PGPORT=55432 PGUSER=$PG_OWNER PGDATABASE=postgres
export PGPASSWORD=s3cret-never-printed
pg_start() {
  echo "$PGPASSWORD" >"$PG_DIR/pw"
  chmod 644 "$PG_DIR/pw"
  "${PG_AS[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -U "$PG_OWNER" --pwfile="$PG_DIR/pw" \
    --auth-local="${PG_AUTH:-scram-sha-256}" --auth-host=scram-sha-256 --no-sync -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 ||
    { cat "$PG_DIR/initdb.log"; echo "FAIL: initdb" >&2; exit 1; }
  rm -f "$PG_DIR/pw"
  local opts="-k $PG_DIR -c listen_addresses= -p $PGPORT -c fsync=off"
  for s in "$@"; do opts="$opts -c $s"; done
  "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 30 \
    -o "$opts" start >/dev/null || { cat "$PG_DIR/server.log"; echo "FAIL: pg_ctl start" >&2; exit 1; }
}
pg_sql() {
  "${PG_AS[@]}" env PGUSER="$PG_OWNER" "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -At -c "$1"
}
pg_sql_file() {
  "${PG_AS[@]}" env PGUSER="$PG_OWNER" "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -At
}
