#!/usr/bin/env bash
# Batch benchmark: 200 zone-profile briefings with --jobs 2, over a generated
# data file of 200 zones in the shape of samples/data/zones.yaml (copies of
# the four sample zones under new ids). Prints briefings per second and the
# peak memory of the batch (parent and children, as /usr/bin/time reports the
# largest single process). BUILD=dir to use an existing build; PERF="cmd args"
# runs the batch under a profiler (perf stat, valgrind --trace-children);
# ROUNDS=n runs (default 5); ARGS="..." more batch options (--shard 1/50).
# SOURCE=sqlite adds an indicator table whose rows each job reads from a
# SQLite database (the sample indicators, copied for every zone);
# SOURCE=postgres reads one SQLite query and one PostgreSQL query per zone,
# from a throwaway cluster (tests/sources/pg_cluster.sh) with a connection
# limit of --jobs + 1 for the briefkit role (one for a backend still
# exiting after its client closed), so a batch that held more would fail.
# PG_AUTH=peer (the OS user, Debian's default for local connections) or
# scram-sha-256 (the default here: a password through PGPASSWORD; its 4096
# rounds of HMAC cost the client about 5 ms per connection).
# Both add an indicator_table section drawing the SQLite rows (SECTION=0: not).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-200}
JOBS=${JOBS:-2}
BUILD=${BUILD:-build-bench}
if [ ! -x "$BUILD/briefkit" ]; then
  scripts/install-deps.sh
  cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DBRIEFKIT_TESTS=OFF >/dev/null
  cmake --build "$BUILD" -j"$(nproc)" >/dev/null
fi
export SOURCE_DATE_EPOCH=1740787200
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/templates" "$work/samples/data"
cp samples/data/clusters.yaml samples/data/policies.yaml samples/data/sources.yaml "$work/samples/data/"
# The template lists the four sample ids as the param's choices; the
# generated ids are not among them.
grep -v '^    choices: \[liangjiang' templates/zone-profile.yaml >"$work/templates/zone-profile.yaml"
python3 - "$N" samples/data/zones.yaml "$work/samples/data/zones.yaml" <<'PY'
import re, sys
n, src, dst = int(sys.argv[1]), sys.argv[2], sys.argv[3]
text = open(src, encoding="utf-8").read()
# Each zone entry starts with "  - id: "; keep them as text so the YAML shape
# stays exactly the sample's.
head, _, body = text.partition("zones:\n")
entries = ["  - id: " + e for e in re.split(r"^  - id: ", body, flags=re.M)[1:]]
out = ["zones:\n"]
for i in range(n):
    e = entries[i % len(entries)]
    first, rest = e.split("\n", 1)
    out.append("  - id: z%03d\n%s" % (i + 1, rest.rstrip("\n") + "\n\n"))
open(dst, "w", encoding="utf-8").write("".join(out))
PY
SOURCE=${SOURCE:-}
if [ -n "$SOURCE" ]; then
  # Every generated zone gets the sample rows of one of the three zones;
  # the English names, as the template is in English.
  {
    cat samples/data/indicators.sql
    for i in $(seq "$N"); do
      z=$(printf 'z%03d' "$i")
      from=$(echo "liangjiang binhai chengdu_chongqing" | cut -d' ' -f$((i % 3 + 1)))
      echo "INSERT INTO indicators SELECT '$z', seq, indicator, indicator_en, unit, unit_en, month, ytd, yoy, level, note, source FROM indicators WHERE zone = '$from';"
    done
  } >"$work/indicators.sql"
  sqlite3 -bail "$work/samples/data/indicators.db" <"$work/indicators.sql"
  # SECTION=0 reads the rows without drawing them: the cost of the queries alone.
  if [ "${SECTION:-1}" != 0 ]; then
    cat >>"$work/templates/zone-profile.yaml" <<'YAML'

  - plugin: indicator_table
    id: indicators
    title: Main indicators
YAML
  fi
  # The data entries go before `sections:`.
  entries="  - sqlite: ../samples/data/indicators.db
    query: \"SELECT indicator_en AS indicator, unit_en AS unit, month, ytd, yoy, level FROM indicators WHERE zone = ?1 ORDER BY seq\"
    params: [\"{{ zone }}\"]
    as: indicators"
  if [ "$SOURCE" = postgres ]; then
    . tests/sources/pg_cluster.sh
    trap 'pg_stop; rm -rf "$work"' EXIT
    pg_start
    # The briefkit role is the OS user, for PG_AUTH=peer.
    reader=$(id -un)
    pg_sql "CREATE ROLE \"$reader\" LOGIN PASSWORD '$PGPASSWORD' CONNECTION LIMIT $((JOBS + 1))"
    pg_sql_file <"$work/indicators.sql" >/dev/null
    pg_sql "GRANT SELECT ON indicators TO \"$reader\""
    export PGUSER=$reader
    entries="$entries
  - postgres: host=$PGHOST port=$PGPORT dbname=postgres
    query: \"SELECT indicator_en AS indicator, ytd FROM indicators WHERE zone = \$1 ORDER BY seq\"
    params: [\"{{ zone }}\"]
    as: previous_indicators"
  fi
  python3 - "$work/templates/zone-profile.yaml" "$entries" <<'PY'
import sys
p, entries = sys.argv[1], sys.argv[2]
s = open(p, encoding="utf-8").read()
s = s.replace("\nsections:\n", "\n" + entries + "\n\nsections:\n", 1)
open(p, "w", encoding="utf-8").write(s)
PY
fi
cat >"$work/schedule.yaml" <<YAML
briefkit_schedule: 1
jobs:
  - name: zone-profile
    template: templates/zone-profile.yaml
    params: {clusters: chongqing}
    for_each: {data: samples/data/zones.yaml, list: zones, as: zone, key: id}
    output: out/{{ zone }}/briefing-{{ period }}.pdf
YAML
# The template reads ../samples/data, outside its own folder.
export BRIEFKIT_ALLOW_PATH="$work/samples/data"
ROUNDS=${ROUNDS:-5}
echo "== batch: $N zone-profile briefings${SOURCE:+ with rows from $SOURCE}, --jobs $JOBS ($(nproc) cores), $ROUNDS runs"
# This machine's speed moves by a third from minute to minute (other
# tenants), so one run says little: the median of several, with the range.
# CPU seconds of the server's backends (reaped by the postmaster, so in its
# children's times), for the CPU figures below; 0 without a server.
server_cpu() {
  local pid
  pid=$(head -1 "${PG_DIR:-/nonexistent}/data/postmaster.pid" 2>/dev/null) || { echo 0; return; }
  awk -v hz="$(getconf CLK_TCK)" '{ print ($14 + $15 + $16 + $17) / hz }' "/proc/$pid/stat"
}
for r in $(seq "$ROUNDS"); do
  rm -rf "$work/out"
  before=$(server_cpu)
  ${PERF:-} /usr/bin/time -f "%e %M %U %S" -o "$work/time.$r" "$BUILD/briefkit" batch "$work/schedule.yaml" \
    --jobs "$JOBS" --period 2025-02 --summary "$work/summary.$r.json" ${ARGS:-} >/dev/null 2>"$work/log" ||
    { tail -5 "$work/log"; exit 1; }
  awk -v a="$(server_cpu)" -v b="$before" 'BEGIN { print a - b }' >"$work/server.$r"
done
python3 - "$work" "$ROUNDS" "$(nproc)" <<'PY'
import json, statistics, sys
work, rounds = sys.argv[1], int(sys.argv[2])
runs = []
for r in range(1, rounds + 1):
    s = json.load(open("%s/summary.%d.json" % (work, r)))
    secs, kb, user, system = open("%s/time.%d" % (work, r)).read().split()
    server = float(open("%s/server.%d" % (work, r)).read() or 0)
    runs.append((s, float(secs), int(kb), float(user) + float(system), server))
s = runs[-1][0]
t = s["totals"]
rates = sorted(t["jobs"] / r[1] for r in runs)
walls = sorted(r[1] for r in runs)
ms = sorted(j["milliseconds"] for r in runs for j in r[0]["jobs"])
print("briefings:       %d ok, %d failed (last run)" % (t["ok"], t["failed"]))
print("wall time:       median %.2f s (%.2f to %.2f)" % (statistics.median(walls), walls[0], walls[-1]))
print("throughput:      median %.1f briefings/s (%.1f to %.1f)" % (statistics.median(rates), rates[0], rates[-1]))
print("per job:         median %.0f ms, p90 %.0f ms (in its process, all runs)" % (ms[len(ms) // 2], ms[int(len(ms) * 0.9)]))
print("pages:           %d, %.1f MB written per run" % (t["pages"], t["bytes"] / 1e6))
print("peak RSS:        %.1f MB (largest process, largest run)" % (max(r[2] for r in runs) / 1024))
# Wall time depends on what else the machine runs; CPU time much less. The
# CPU a briefing costs (the batch and its children, plus the database
# server's backends) bounds what the cores can do when nothing else runs.
cpu = statistics.median((r[3] + r[4]) / r[0]["totals"]["jobs"] for r in runs)
srv = statistics.median(r[4] / r[0]["totals"]["jobs"] for r in runs)
cores = int(sys.argv[3])
print("CPU per briefing: median %.1f ms (%.1f ms of it in the database server)" % (cpu * 1000, srv * 1000))
print("CPU-bound rate:  %.1f briefings/s on %d cores with nothing else running" % (cores / cpu, cores))
PY
