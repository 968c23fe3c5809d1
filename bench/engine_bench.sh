#!/usr/bin/env bash
# Engine benchmark: the weekly support workload (bench/workloads/support_week: ISO week x
# channel and x region, spam and duplicates excluded: ticket count, average / share within 30
# min / 80th percentile of first response minutes, CSAT average and 4-5 share, reopen rate,
# distinct agents) computed by `northstar compute` and by DuckDB, PostgreSQL 15 and SQLite on
# the same generated data in the same run. Loading is timed apart from the queries; every peer
# value is checked against Northstar's; then one more day of tickets is ingested and the
# incremental compute is timed.
#
#   bench/engine_bench.sh [ROWS]          (default 10000000; env ROWS works too)
# Env: NORTHSTAR_RELEASE_DIR (default build/release-bench; configured and built when missing),
#      BENCH_WORK (scratch directory; default a fresh temp dir, removed at the end),
#      REPEAT (runs of the Northstar compute and of the DuckDB queries, best kept; default 2),
#      SKIP_PEERS (space-separated subset of "postgres sqlite" to leave out).
# Not a test: timings depend on the machine. Figures go to docs/performance.md ("## Engine").
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
ROWS="${1:-${ROWS:-10000000}}"
REPEAT="${REPEAT:-2}"
SKIP_PEERS="${SKIP_PEERS:-}"
BUILD="${NORTHSTAR_RELEASE_DIR:-$ROOT/build/release-bench}"
NS="$BUILD/northstar"
PG_BIN=/usr/lib/postgresql/15/bin

bash "$ROOT/bench/ensure_release.sh" "$BUILD"
if [ -n "${BENCH_WORK:-}" ]; then
  WORK="$BENCH_WORK"; mkdir -p "$WORK"
else
  WORK="$(mktemp -d)"
fi
PG_DIR="$WORK/pg"
cleanup() {
  if [ -f "$PG_DIR/data/postmaster.pid" ]; then
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop > /dev/null 2>&1 || true
  fi
  if [ -z "${BENCH_WORK:-}" ]; then rm -rf "$WORK"; fi
}
trap cleanup EXIT
if [ ! -d "$ROOT/bench/node_modules/@duckdb/node-api" ]; then (cd "$ROOT/bench" && npm ci --silent); fi

now() { date +%s.%N; }
since() { echo "$(now) - $1" | bc -l; }
skip() { [[ " $SKIP_PEERS " == *" $1 "* ]]; }
# Runs a command under bench/timed.py; sets ELAPSED (seconds, wall), CPU (user + system
# seconds) and MAX_RSS_KB. The machine may be shared: CPU time is the steadier figure.
timed() {
  python3 "$ROOT/bench/timed.py" "$WORK/time.txt" "$@"
  read -r ELAPSED CPU MAX_RSS_KB < "$WORK/time.txt"
}
# CPU seconds used so far by a PostgreSQL cluster: the postmaster, its live children and the
# children it has reaped (backends and parallel workers that ended).
pg_cpu() {
  local pm; pm=$(head -1 "$PG_DIR/data/postmaster.pid")
  { sed 's/.*) //' "/proc/$pm/stat" | awk '{print $12 + $13 + $14 + $15}'
    for c in $(pgrep -P "$pm"); do sed 's/.*) //' "/proc/$c/stat" 2> /dev/null | awk '{print $12 + $13}'; done
  } | awk -v hz="$(getconf CLK_TCK)" '{s += $1} END {print s / hz}'
}
min() { python3 -c 'import sys; print(min(float(x) for x in sys.argv[1:]))' "$@"; }
max() { python3 -c 'import sys; print(int(max(float(x) for x in sys.argv[1:])))' "$@"; }

echo "engine benchmark: $ROWS support tickets (seed 42), work dir $WORK, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
WS="$WORK/ws"
rm -rf "$WS"; mkdir -p "$WS"
cp -r "$ROOT/bench/workloads/support_week/." "$WS/"
t0=$(now)
"$BUILD/northstar-datagen" --example support --rows "$ROWS" --seed 42 --out "$WS/data" > /dev/null
printf 'generated %s tickets.csv (%.0f MB) and csat_responses.jsonl in %.1f s\n' "$ROWS" \
  "$(echo "$(stat -c %s "$WS/data/tickets.csv") / 1000000" | bc -l)" "$(since "$t0")"
TICKETS="$WS/data/tickets.csv"
CSAT="$WS/data/csat_responses.jsonl"
"$NS" check -w "$WS" > "$WORK/check.txt" 2>&1 || { cat "$WORK/check.txt"; echo "northstar check failed"; exit 1; }

# --- Northstar: ingest (timed apart), then the full compute.
t0=$(now)
"$NS" ingest -w "$WS" --format json > "$WORK/ingest.json"
NS_INGEST=$(since "$t0")
read -r NS_TICKETS NS_CSAT < <(python3 -c '
import json,sys; s={x["source"]: x for x in json.load(open(sys.argv[1]))["sources"]}
print(s["tickets"]["rows_stored"], s["csat_responses"]["rows_stored"])' "$WORK/ingest.json")
printf 'northstar ingest: %.2f s (%s tickets, %s csat answers stored)\n' "$NS_INGEST" "$NS_TICKETS" "$NS_CSAT"

NS_TIMES=(); NS_CPUS=(); NS_RSS=()
for ((i = 1; i <= REPEAT; ++i)); do
  # --full: every run computes everything (a second plain run would find nothing changed).
  timed "$NS" compute -w "$WS" --grain week --format csv --full > "$WORK/northstar.csv"
  NS_TIMES+=("$ELAPSED"); NS_CPUS+=("$CPU"); NS_RSS+=("$MAX_RSS_KB")
done
NS_SECONDS=$(min "${NS_TIMES[@]}"); NS_CPU=$(min "${NS_CPUS[@]}"); NS_RSS_KB=$(max "${NS_RSS[@]}")
printf 'northstar compute: %s s wall (runs: %s), CPU %s s (runs: %s), peak RSS %d MB, %d values\n' "$NS_SECONDS" \
  "${NS_TIMES[*]}" "$NS_CPU" "${NS_CPUS[*]}" $((NS_RSS_KB / 1024)) $(($(wc -l < "$WORK/northstar.csv") - 1))

# The generator plants three malformed lines (docs/examples.md, S10); Northstar rejects them,
# so the peers load a copy without them.
CLEAN="$WORK/tickets_peers.csv"
awk 'NR != 101 && NR != 202 && NR != 303' "$TICKETS" > "$CLEAN"

# --- DuckDB: in memory, 2 threads; load, then only the queries are timed (best of REPEAT runs
# in separate processes; the peak RSS is the process's, data included).
DUCK_TIMES=(); DUCK_CPUS=(); DUCK_RSS=()
for ((i = 1; i <= REPEAT; ++i)); do
  timed node "$ROOT/bench/engine_duckdb.mjs" "$CLEAN" "$CSAT" "$WORK/duckdb.csv" > "$WORK/duckdb.json"
  DUCK_TIMES+=("$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["query_seconds"])' "$WORK/duckdb.json")")
  DUCK_CPUS+=("$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["query_cpu_seconds"])' "$WORK/duckdb.json")")
  DUCK_RSS+=("$MAX_RSS_KB")
done
read -r DUCK_LOAD DUCK_TICKETS DUCK_CSAT < <(python3 -c '
import json,sys; d=json.load(open(sys.argv[1])); print(d["load_seconds"], d["tickets"], d["csat"])' "$WORK/duckdb.json")
DUCK_SECONDS=$(min "${DUCK_TIMES[@]}"); DUCK_CPU=$(min "${DUCK_CPUS[@]}"); DUCK_RSS_KB=$(max "${DUCK_RSS[@]}")
printf 'duckdb: load %.2f s (%s tickets, %s csat), queries %s s wall (runs: %s), CPU %s s (runs: %s), peak RSS %d MB\n' \
  "$DUCK_LOAD" "$DUCK_TICKETS" "$DUCK_CSAT" "$DUCK_SECONDS" "${DUCK_TIMES[*]}" "$DUCK_CPU" "${DUCK_CPUS[*]}" \
  $((DUCK_RSS_KB / 1024))


# --- PostgreSQL 15: a throwaway server on 127.0.0.1, loaded with COPY, then the queries timed.
PG_SECONDS=""
if ! skip postgres; then
  mkdir -p "$PG_DIR"; chown postgres "$PG_DIR"; chmod 755 "$WORK"
  PG_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  runuser -u postgres -- "$PG_BIN/initdb" -D "$PG_DIR/data" -A trust -E UTF8 > /dev/null
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w \
    -o "-k $PG_DIR -h 127.0.0.1 -p $PG_PORT -c shared_buffers=2GB -c work_mem=1GB -c max_parallel_workers_per_gather=2 -c max_wal_size=8GB -c fsync=off -c timezone=UTC" \
    start > /dev/null
  PSQL=(psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres)
  t0=$(now)
  "${PSQL[@]}" -v tickets_file="$CLEAN" -v csat_file="$CSAT" -f "$ROOT/bench/engine_postgres_load.sql"
  PG_LOAD=$(since "$t0")
  PG_ROWS=$("${PSQL[@]}" -At -c 'SELECT (SELECT count(*) FROM tickets) || $$ $$ || (SELECT count(*) FROM csat)')
  t0=$(now); c0=$(pg_cpu)
  "${PSQL[@]}" --csv -c 'SET max_parallel_workers_per_gather = 2' -f "$ROOT/bench/engine_postgres.sql" \
    > "$WORK/postgres.csv"
  PG_SECONDS=$(since "$t0")
  sleep 1  # the session's backend exits after psql does; let the postmaster reap it first
  PG_CPU=$(echo "$(pg_cpu) - $c0" | bc -l)
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast stop > /dev/null
  printf 'postgres 15: load %.2f s (%s tickets / csat), queries %.2f s wall, CPU %.2f s\n' "$PG_LOAD" "$PG_ROWS" \
    "$PG_SECONDS" "$PG_CPU"
fi

# --- SQLite: .import into a file database (local ISO week computed while loading), then the
# queries timed.
SQLITE_SECONDS=""
if ! skip sqlite; then
  rm -f "$WORK/bench.sqlite"
  t0=$(now)
  sed -e "s#@TICKETS_CSV@#$CLEAN#" -e "s#@CSAT_JSONL@#$CSAT#" "$ROOT/bench/engine_sqlite_load.sql" |
    sqlite3 "$WORK/bench.sqlite" > "$WORK/sqlite_load.txt"
  SQLITE_LOAD=$(since "$t0")
  timed sqlite3 "$WORK/bench.sqlite" < "$ROOT/bench/engine_sqlite.sql" > "$WORK/sqlite.csv"
  SQLITE_SECONDS=$ELAPSED; SQLITE_CPU=$CPU
  printf 'sqlite %s: load %.2f s (%s), queries %.2f s wall, CPU %.2f s\n' "$(sqlite3 --version | cut -d' ' -f1)" \
    "$SQLITE_LOAD" "$(tr '|' ' ' < "$WORK/sqlite_load.txt" | tail -1)" "$SQLITE_SECONDS" "$SQLITE_CPU"
fi

# --- Incremental: one more day of tickets as a --file batch, ingested, then compute timed.
BATCH_INFO=$(node "$ROOT/bench/engine_next_day.mjs" "$TICKETS" "$WORK/next_day.csv")
t0=$(now)
"$NS" ingest tickets --file "$WORK/next_day.csv" -w "$WS" --format json > "$WORK/ingest_day.json"
INC_INGEST=$(since "$t0")
# A plain compute after the ingest: a refresh of the periods the new day changed. Like the
# full compute it is timed REPEAT times, best kept: the results database as the ingest left
# it is saved and put back before each further run, so every run does the same refresh.
RESULTS_DB="$WS/.northstar/results.db"
rm -rf "$WORK/results_before_refresh"; mkdir -p "$WORK/results_before_refresh"
cp "$RESULTS_DB"* "$WORK/results_before_refresh/"  # the database with its WAL, if any
INC_TIMES=(); INC_CPUS=(); INC_RSS=()
for ((i = 1; i <= REPEAT; ++i)); do
  if ((i > 1)); then
    rm -f "$RESULTS_DB" "$RESULTS_DB-wal" "$RESULTS_DB-shm"
    cp "$WORK/results_before_refresh/"* "$WS/.northstar/"
  fi
  timed "$NS" compute -w "$WS" --grain week --format csv --explain-refresh > "$WORK/northstar_incremental.$i.csv" \
    2> "$WORK/refresh.txt"
  INC_TIMES+=("$ELAPSED"); INC_CPUS+=("$CPU"); INC_RSS+=("$MAX_RSS_KB")
  grep -qE '^refresh: [0-9]* days? changed' "$WORK/refresh.txt" || { cat "$WORK/refresh.txt"; echo "run $i was not a refresh"; exit 1; }
  if ((i > 1)); then
    cmp -s "$WORK/northstar_incremental.1.csv" "$WORK/northstar_incremental.$i.csv" || { echo "refresh run $i printed other values"; exit 1; }
  fi
done
mv "$WORK/northstar_incremental.1.csv" "$WORK/northstar_incremental.csv"
echo "incremental compute: $(cat "$WORK/refresh.txt") (runs: ${INC_TIMES[*]})"
INC_SECONDS=$(min "${INC_TIMES[@]}"); INC_CPU=$(min "${INC_CPUS[@]}"); INC_RSS_KB=$(max "${INC_RSS[@]}")
# Values of earlier weeks must not move (beyond 1e-9 relative); count those that changed at all.
read -r ADDED MOVED BITS < <(python3 -c '
import csv, sys
def load(p): return {tuple(r[:3]): r[3] for r in list(csv.reader(open(p)))[1:]}
before, after = load(sys.argv[1]), load(sys.argv[2])
added = sum(1 for k in after if k not in before)
moved = bits = 0
for k, v in before.items():
    w = after.get(k)
    if w == v: continue
    if w is None or v == "" or w == "" or abs(float(v) - float(w)) > 1e-9 * max(abs(float(v)), abs(float(w))): moved += 1
    else: bits += 1
print(added, moved, bits)' "$WORK/northstar.csv" "$WORK/northstar_incremental.csv")
printf 'incremental: batch %s, ingest %.2f s, compute %s s wall, CPU %s s, peak RSS %d MB\n' \
  "$BATCH_INFO" "$INC_INGEST" "$INC_SECONDS" "$INC_CPU" $((INC_RSS_KB / 1024))
printf 'incremental values: %s new, %s earlier values moved (expected 0), %s differ only in the last digits\n' \
  "$ADDED" "$MOVED" "$BITS"
[ "$MOVED" = 0 ] || AGREE_INC=1

# --- Agreement: every peer value against Northstar's.
PEERS=("duckdb=$WORK/duckdb.csv")
[ -n "$PG_SECONDS" ] && PEERS+=("postgres=$WORK/postgres.csv")
[ -n "$SQLITE_SECONDS" ] && PEERS+=("sqlite=$WORK/sqlite.csv")
AGREE=${AGREE_INC:-0}
node "$ROOT/bench/engine_compare.mjs" "$WORK/northstar.csv" "${PEERS[@]}" || AGREE=1
for n in "$DUCK_TICKETS" ${PG_ROWS:+${PG_ROWS%% *}}; do
  [ "$n" = "$NS_TICKETS" ] || { echo "row count mismatch: a peer loaded $n tickets, northstar stored $NS_TICKETS"; AGREE=1; }
done

# --- Table.
echo
printf '%-24s %10s %13s %10s %13s %12s\n' engine 'wall time' 'wall ratio' 'CPU time' 'CPU ratio' 'peak memory'
row() { # name wall_seconds cpu_seconds rss_kb
  [ -n "$2" ] || return 0
  local rss='-'; [ -n "$4" ] && rss="$(($4 / 1024)) MB"
  printf '%-24s %8.2f s %12.2fx %8.2f s %12.2fx %12s\n' "$1" "$2" "$(echo "$2 / $NS_SECONDS" | bc -l)" "$3" \
    "$(echo "$3 / $NS_CPU" | bc -l)" "$rss"
}
row "northstar compute" "$NS_SECONDS" "$NS_CPU" "$NS_RSS_KB"
row "duckdb (2 threads)" "$DUCK_SECONDS" "$DUCK_CPU" "$DUCK_RSS_KB"
row "postgres 15 (2 workers)" "$PG_SECONDS" "${PG_CPU:-0}" ""
row "sqlite" "$SQLITE_SECONDS" "${SQLITE_CPU:-0}" ""
row "northstar incremental" "$INC_SECONDS" "$INC_CPU" "$INC_RSS_KB"
echo "(ratios: engine / northstar compute; query times only, loading excluded; peak memory of the whole process)"
echo
printf 'goal speed: northstar %.2fx faster than duckdb (goal >= 4x): %s\n' "$(echo "$DUCK_SECONDS / $NS_SECONDS" | bc -l)" \
  "$(python3 -c "print('met' if $DUCK_SECONDS / $NS_SECONDS >= 4 else 'MISSED')")"
printf 'goal memory: northstar peak %.2fx duckdb (goal <= 0.5x): %s\n' "$(echo "$NS_RSS_KB / $DUCK_RSS_KB" | bc -l)" \
  "$(python3 -c "print('met' if $NS_RSS_KB / $DUCK_RSS_KB <= 0.5 else 'MISSED')")"
printf 'speed in CPU time: duckdb CPU / northstar CPU = %.2f (the goal read in CPU seconds)\n' "$(echo "$DUCK_CPU / $NS_CPU" | bc -l)"
printf 'goal incremental: %.2f %% of duckdb full workload time (goal <= 1 %%): %s\n' \
  "$(echo "100 * $INC_SECONDS / $DUCK_SECONDS" | bc -l)" \
  "$(python3 -c "print('met' if $INC_SECONDS / $DUCK_SECONDS <= 0.01 else 'MISSED')")"
printf 'agreement: %s\n' "$([ "$AGREE" = 0 ] && echo 'all peers agree with northstar' || echo 'MISMATCHES (see above)')"
exit "$AGREE"
