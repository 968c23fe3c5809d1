#!/usr/bin/env bash
# The SQL parity harness on every engine: the SQL unit tests' workspaces (the 27
# differential cases in three zones and two seeds, the random formulas in three zones,
# the hostile names and literals) are exported with compute's values
# (NORTHSTAR_SQL_EXPORT) and each KPI's statement runs on PostgreSQL 15 and a two-shard
# ClickHouse 18.16 cluster, both started here on loopback, and on DuckDB (npm
# @duckdb/node-api); every value must equal compute's. SQLite runs in the unit tests.
#
# ClickHouse takes about half a second to analyse a statement in a zone with DST, so
# `make test` gives it the hostile case, the cases in UTC and in Europe/Berlin (seed 1)
# and the random formulas in UTC and Europe/Berlin; NORTHSTAR_PARITY_FULL=1 (`make
# parity-full`) runs it on every workspace, with NORTHSTAR_RANDOM_FORMULAS formulas
# (default 400 there).
set -euo pipefail
build_dir=${NORTHSTAR_BUILD_DIR:?NORTHSTAR_BUILD_DIR not set}
root=$(cd "$(dirname "$0")/../.." && pwd)
here="$root/tests/sql"
pg_bin=/usr/lib/postgresql/15/bin
for need in "$build_dir/tests/sql_test" "$pg_bin/initdb" /usr/sbin/clickhouse-server \
  "$here/node_modules/@duckdb/node-api/package.json"; do
  [ -e "$need" ] || { echo "FAIL: $need is missing: run \`make deps\` and build the tests"; exit 1; }
done

run_pg() {  # initdb refuses to run as root: use the postgres account then.
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
tmp=$(mktemp -d /tmp/ns-parity-XXXXXX)
chmod 755 "$tmp"
cleanup() {
  run_pg "$pg_bin/pg_ctl" -D "$tmp/pg/data" -m immediate stop >/dev/null 2>&1 || true
  bash "$root/scripts/clickhouse_cluster.sh" stop "$tmp/cluster" || true
  rm -rf "$tmp"
}
trap cleanup EXIT

full=${NORTHSTAR_PARITY_FULL:-0}
formulas=${NORTHSTAR_RANDOM_FORMULAS:-$([ "$full" = 1 ] && echo 400 || echo 120)}
NORTHSTAR_SQL_EXPORT="$tmp/export" NORTHSTAR_RANDOM_FORMULAS="$formulas" \
  "$build_dir/tests/sql_test" --gtest_filter='*SqlParityTest*:SqlRandomFormulas.*:SqlInjection.*' \
  >"$tmp/export.log" 2>&1 || { tail -40 "$tmp/export.log"; echo "FAIL: the SQL unit tests failed"; exit 1; }
echo "exported: $(ls "$tmp/export" | tr '\n' ' ')"

mkdir -p "$tmp/pg"
[ "$(id -u)" = 0 ] && chown postgres "$tmp/pg"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
run_pg "$pg_bin/initdb" -D "$tmp/pg/data" -A trust -U postgres >/dev/null
run_pg "$pg_bin/pg_ctl" -D "$tmp/pg/data" -o "-k $tmp/pg -h 127.0.0.1 -p $port" -l "$tmp/pg/log" -w start >/dev/null
read -r p1 p2 < <(bash "$root/scripts/clickhouse_cluster.sh" start "$tmp/cluster")

only='hostile,cases-UTC-*,cases-Europe-Berlin-1,random-UTC,random-Europe-Berlin'
[ "$full" = 1 ] && only='*'
mkdir -p "$tmp/work"
python3 "$here/parity_engines.py" "$tmp/export" "$tmp/work" --postgres "$port" --clickhouse "$p1,$p2" \
  --clickhouse-only "$only"
