#!/usr/bin/env bash
# `northstar sql` where the data lives: the seventeen metrics of the SQL parity workspace
# (tests/sql/make_workspace.py: counts, shares, percentiles, distinct counts,
# cross-source ratios, series, date parts, snapshots, working-hours calendars) over the
# same generated tickets, computed natively (`compute`), on ClickHouse 18.16 (one server,
# and a two-shard cluster through a Distributed table; `compute --engine clickhouse`,
# scripts/clickhouse_cluster.sh), on PostgreSQL 15
# (`compute --engine postgres`, started here on loopback) and by the DuckDB statement
# (npm @duckdb/node-api), in one run. Values are checked equal first; then each time
# and its ratio to the native compute are printed.
#   bench/sql_bench.sh [TICKETS]      (default 1000000)
# SQL_BENCH_ENGINES="clickhouse postgres duckdb" (the default) names the peers to run;
# the others are reported as skipped (PostgreSQL takes some 40 minutes per 10 M rows).
set -euo pipefail
tickets=${1:-1000000}
engines=" ${SQL_BENCH_ENGINES:-clickhouse postgres duckdb} "
want() { [[ "$engines" == *" $1 "* ]]; }
root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/build/release/northstar"
here="$root/tests/sql"
pg_bin=/usr/lib/postgresql/15/bin
[ -x "$bin" ] || { echo "build first: make build"; exit 1; }
[ -d "$here/node_modules/@duckdb/node-api" ] || (cd "$here" && npm ci --silent)
run_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
tmp=$(mktemp -d /tmp/ns-sqlbench-XXXXXX)
chmod 755 "$tmp"
[ "$(id -u)" = 0 ] && chown postgres "$tmp"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
cleanup() {
  run_pg "$pg_bin/pg_ctl" -D "$tmp/pg" -m immediate stop >/dev/null 2>&1 || true
  bash "$root/scripts/clickhouse_cluster.sh" stop "$tmp/ch" >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT
if want postgres; then
  run_pg "$pg_bin/initdb" -D "$tmp/pg" -A trust -U postgres >/dev/null
  run_pg "$pg_bin/pg_ctl" -D "$tmp/pg" -o "-k $tmp -h 127.0.0.1 -p $port -c max_parallel_workers_per_gather=2" \
    -l "$tmp/pg.log" -w start >/dev/null
fi
ws="$tmp/ws"
python3 "$here/make_workspace.py" "$ws" 1 Europe/Berlin "$tickets"
printf 'engines:\n  postgres:\n    conninfo: "host=127.0.0.1 port=%s user=postgres dbname=postgres"\n' "$port" >>"$ws/northstar.yaml"
"$bin" ingest -w "$ws" >/dev/null
ch1=0 ch2=0
want clickhouse && read -r ch1 ch2 < <(bash "$root/scripts/clickhouse_cluster.sh" start "$tmp/ch")
want clickhouse && python3 "$here/clickhouse_load.py" --one-shard "$ch1" "$ch2" "$ws" \
  "tickets:id=int,created_at=timestamp,first_reply_at=timestamp,channel=string,region=string,is_spam=bool,csat=int,amount=float,agent=int" \
  "spend:id=int,day=timestamp,channel=string,cost=float" "survey:id=int,score=int,channel=string" >/dev/null
cp -r "$ws" "$tmp/ws1"
cp -r "$ws" "$tmp/ws2"
printf '  clickhouse:\n    url: "http://127.0.0.1:%s"\n    tables: {tickets: tickets_one, spend: spend_one, survey: survey_one}\n' \
  "$ch1" >>"$tmp/ws1/northstar.yaml"
printf '  clickhouse:\n    url: "http://127.0.0.1:%s"\n' "$ch1" >>"$tmp/ws2/northstar.yaml"
kpis=$(grep -E '^  - id: ' "$ws/catalog/metrics.yaml" | awk '{print $3}')
flags=()
for k in $kpis; do flags+=(--kpi "$k"); done
want postgres && psql -h 127.0.0.1 -p "$port" -U postgres -q -v ON_ERROR_STOP=1 <<SQL
CREATE TABLE tickets (id bigint, created_at timestamptz, first_reply_at timestamptz, channel text, region text,
  is_spam boolean, csat bigint, amount double precision, agent bigint);
CREATE TABLE spend (id bigint, day timestamptz, channel text, cost double precision);
CREATE TABLE survey (id bigint, score bigint, channel text);
\copy tickets FROM '$ws/data/tickets.csv' CSV HEADER
\copy spend FROM '$ws/data/spend.csv' CSV HEADER
\copy survey FROM '$ws/data/survey.csv' CSV HEADER
ANALYZE;
SQL
seconds() { /usr/bin/time -f %e -o "$tmp/t" "$@" && cat "$tmp/t"; }
# seconds sh -c "$into" sh OUT CMD...: CMD's standard output into OUT.
into='out=$1; shift; "$@" >"$out"'
native=$(seconds sh -c "$into" sh "$tmp/native.csv" "$bin" compute -w "$ws" "${flags[@]}" --no-write --format csv)
# engine_run NAME WORKSPACE ENGINE: its seconds, or "failed" (the KPIs that fail alone are
# named on stderr) when the engine refuses the statement.
engine_run() {
  local name=$1 w=$2 engine=$3
  if seconds sh -c "$into" sh "$tmp/$name.csv" "$bin" compute -w "$w" --engine "$engine" "${flags[@]}" \
    --no-write --format csv 2>"$tmp/$name.err"; then
    python3 "$here/compare.py" "$tmp/native.csv" "$tmp/$name.csv" "compute --engine $engine ($name)" >&2
    return
  fi
  echo "$name failed: $(head -1 "$tmp/$name.err")" >&2
  for k in $kpis; do
    "$bin" compute -w "$w" --engine "$engine" --kpi "$k" --no-write --format csv >/dev/null 2>&1 ||
      echo "  $name: $k fails alone" >&2
  done
  echo failed
}
ch_one=skipped ch_two=skipped postgres=skipped duckdb=skipped
if want clickhouse; then
  ch_one=$(engine_run ch1 "$tmp/ws1" clickhouse)
  ch_two=$(engine_run ch2 "$tmp/ws2" clickhouse)
fi
want postgres && postgres=$(engine_run postgres "$ws" postgres)
if want duckdb; then
  "$bin" sql -w "$ws" --dialect duckdb $kpis >"$tmp/duckdb.sql"
  (cd "$here" && node run_duckdb.mjs "$ws" "$tmp/duckdb.sql") >"$tmp/duckdb.csv" 2>"$tmp/duckdb.json"
  duckdb=$(python3 -c 'import json,sys; print("%.2f" % json.load(open(sys.argv[1]))["query_s"])' "$tmp/duckdb.json")
  python3 "$here/compare.py" "$tmp/native.csv" "$tmp/duckdb.csv" "the DuckDB statement"
fi
echo
echo "$tickets tickets, $(echo $kpis | wc -w) metrics, every grain and segment (Europe/Berlin)"
printf '%-38s %9s %9s\n' "engine" "seconds" "/ native"
for row in "native compute (store, 2 threads):$native" "compute --engine clickhouse (1 server):$ch_one" \
           "compute --engine clickhouse (2 shards):$ch_two" "compute --engine postgres (PG 15):$postgres" \
           "DuckDB statement (2 threads, no load):$duckdb"; do
  name=${row%:*}
  t=${row##*:}
  if [ "$t" = failed ] || [ "$t" = skipped ]; then printf '%-38s %9s\n' "$name" "$t"; continue; fi
  printf '%-38s %9.2f %9s\n' "$name" "$t" "$(python3 -c "print('%.1fx' % ($t / $native))")"
done
