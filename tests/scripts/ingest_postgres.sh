#!/usr/bin/env bash
# Reads a table from a real PostgreSQL 15 through the ingest reader: starts a throwaway
# server on loopback in a temp dir, loads a small table, runs the PostgreSQL reader test
# against it and stops the server again (also on failure).
set -euo pipefail
build_dir=${NORTHSTAR_BUILD_DIR:?NORTHSTAR_BUILD_DIR not set}
test_bin="$build_dir/tests/ingest_test"
[ -x "$test_bin" ] || test_bin="$build_dir/ingest_test"
pg_bin=/usr/lib/postgresql/15/bin
if [ ! -x "$pg_bin/initdb" ]; then
  echo "SKIP: PostgreSQL 15 is not installed ($pg_bin/initdb missing)"
  exit 0
fi
[ -x "$test_bin" ] || { echo "ingest_test not built in $build_dir"; exit 1; }

run_pg() {  # initdb refuses to run as root: use the postgres account then.
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

dir=$(mktemp -d /tmp/ns-pg-XXXXXX)
chmod 755 "$dir"
[ "$(id -u)" = 0 ] && chown postgres "$dir"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
cleanup() {
  run_pg "$pg_bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT

run_pg "$pg_bin/initdb" -D "$dir/data" -A trust -U postgres >/dev/null
run_pg "$pg_bin/pg_ctl" -D "$dir/data" -o "-k $dir -h 127.0.0.1 -p $port" -l "$dir/log" -w start >/dev/null

psql_cmd=(psql -h 127.0.0.1 -p "$port" -U postgres -v ON_ERROR_STOP=1 -q)
"${psql_cmd[@]}" <<'SQL'
CREATE TABLE ns_orders (id int, amount text, paid boolean, at timestamptz, note text);
INSERT INTO ns_orders VALUES
  (1, '9.5', true, '2026-03-05 10:00:00+00', 'first, "quoted"'),
  (2, '12.25', false, NULL, NULL),
  (3, 'lots', true, '2026-03-06 10:00:00+00', 'bad amount');
SQL

export NORTHSTAR_PG_CONNINFO="host=127.0.0.1 port=$port user=postgres dbname=postgres"
"$test_bin" --gtest_filter='PostgresReaderTest.*' --gtest_brief=1 2>&1 | tee "$dir/test.log"
if grep -q "SKIPPED" "$dir/test.log"; then
  echo "FAIL: the PostgreSQL test was skipped although a server was running"
  exit 1
fi
