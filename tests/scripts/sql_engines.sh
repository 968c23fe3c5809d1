#!/usr/bin/env bash
# `northstar sql` on real engines: for a generated workspace in two time zones, the
# statement of every dialect runs on its engine (SQLite through the sqlite3 shell,
# PostgreSQL 15 started here on loopback, DuckDB through its Node API) over the same
# rows, and every value equals `northstar compute`'s (release binary). Also: a KPI the
# compiler cannot express (a segment over a float column) is refused with exit 1 and
# no SQL.
set -euo pipefail
build_dir=${NORTHSTAR_BUILD_DIR:?NORTHSTAR_BUILD_DIR not set}
bin=${NORTHSTAR_RELEASE_BIN:-$build_dir/northstar}
root=$(cd "$(dirname "$0")/../.." && pwd)
here="$root/tests/sql"
pg_bin=/usr/lib/postgresql/15/bin
for need in "$pg_bin/initdb" "$(command -v sqlite3)" "$here/node_modules/@duckdb/node-api/package.json"; do
  [ -e "$need" ] || { echo "FAIL: $need is missing: run \`make deps\`"; exit 1; }
done

run_pg() {  # initdb refuses to run as root: use the postgres account then.
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
tmp=$(mktemp -d /tmp/ns-sql-XXXXXX)
chmod 755 "$tmp"
[ "$(id -u)" = 0 ] && chown postgres "$tmp"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
cleanup() {
  run_pg "$pg_bin/pg_ctl" -D "$tmp/pg" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT
run_pg "$pg_bin/initdb" -D "$tmp/pg" -A trust -U postgres >/dev/null
run_pg "$pg_bin/pg_ctl" -D "$tmp/pg" -o "-k $tmp -h 127.0.0.1 -p $port" -l "$tmp/pg.log" -w start >/dev/null
psql_cmd=(psql -h 127.0.0.1 -p "$port" -U postgres -v ON_ERROR_STOP=1 -q)

for zone in Europe/Berlin America/New_York; do
  ws="$tmp/ws-${zone//\//-}"
  python3 "$here/make_workspace.py" "$ws" 20261204 "$zone"
  "$bin" ingest -w "$ws" >/dev/null
  "$bin" compute -w "$ws" --format csv >"$ws/native.csv"

  # SQLite: text timestamps, 0/1 booleans, empty fields as nulls.
  "$bin" sql -w "$ws" --dialect sqlite >"$ws/sqlite.sql"
  {
    echo "CREATE TABLE tickets (id INTEGER, created_at TEXT, first_reply_at TEXT, channel TEXT, region TEXT,"
    echo "  is_spam INTEGER, csat INTEGER, amount REAL, agent INTEGER);"
    echo "CREATE TABLE spend (id INTEGER, day TEXT, channel TEXT, cost REAL);"
    echo "CREATE TABLE survey (id INTEGER, score INTEGER, channel TEXT);"
    echo ".mode csv"
    for t in tickets spend survey; do echo ".import --skip 1 $ws/data/$t.csv $t"; done
    for c in created_at first_reply_at channel region is_spam csat amount; do
      echo "UPDATE tickets SET $c = NULL WHERE $c = '';"
    done
    echo "UPDATE tickets SET is_spam = CASE is_spam WHEN 'true' THEN 1 WHEN 'false' THEN 0 END;"
    echo "UPDATE spend SET cost = NULL WHERE cost = '';"
    echo "UPDATE survey SET score = NULL WHERE score = '';"
    echo ".headers on"
    cat "$ws/sqlite.sql"
    echo ";"
  } | sqlite3 -bail >"$ws/sqlite.csv"
  python3 "$here/compare.py" "$ws/native.csv" "$ws/sqlite.csv" "SQLite ($zone)"

  # PostgreSQL: timestamptz and boolean columns.
  "$bin" sql -w "$ws" --dialect postgres >"$ws/postgres.sql"
  db="ns_$RANDOM"
  "${psql_cmd[@]}" -d postgres -c "CREATE DATABASE $db"
  "${psql_cmd[@]}" -d "$db" <<SQL
CREATE TABLE tickets (id bigint, created_at timestamptz, first_reply_at timestamptz, channel text, region text,
  is_spam boolean, csat bigint, amount double precision, agent bigint);
CREATE TABLE spend (id bigint, day timestamptz, channel text, cost double precision);
CREATE TABLE survey (id bigint, score bigint, channel text);
\copy tickets FROM '$ws/data/tickets.csv' CSV HEADER
\copy spend FROM '$ws/data/spend.csv' CSV HEADER
\copy survey FROM '$ws/data/survey.csv' CSV HEADER
SQL
  "${psql_cmd[@]}" -d "$db" --csv -f "$ws/postgres.sql" >"$ws/postgres.csv"
  echo "$db" >"$ws/pg_database"
  python3 "$here/compare.py" "$ws/native.csv" "$ws/postgres.csv" "PostgreSQL 15 ($zone)"

  # DuckDB: TIMESTAMPTZ and BOOLEAN columns.
  "$bin" sql -w "$ws" --dialect duckdb >"$ws/duckdb.sql"
  (cd "$here" && node run_duckdb.mjs "$ws" "$ws/duckdb.sql") >"$ws/duckdb.csv" 2>"$ws/duckdb.err" ||
    { cat "$ws/duckdb.err"; exit 1; }
  python3 "$here/compare.py" "$ws/native.csv" "$ws/duckdb.csv" "DuckDB ($zone)"
done

# compute --engine postgres: the same values, recorded as a native compute records
# them (values, rows behind each, versions, data spans), on the data in place.
ws="$tmp/ws-Europe-Berlin"
conninfo="host=127.0.0.1 port=$port user=postgres dbname=$(cat "$ws/pg_database")"
cp -r "$ws" "$tmp/engine"
rm -rf "$tmp/engine/.northstar"
printf 'engines:\n  postgres:\n    conninfo: "%s"\n' "$conninfo" >>"$tmp/engine/northstar.yaml"
"$bin" compute -w "$tmp/engine" --engine postgres --format csv >"$tmp/engine.csv"
python3 "$here/compare.py" "$ws/native.csv" "$tmp/engine.csv" "compute --engine postgres"
recorded() {
  sqlite3 "$1/.northstar/results.db" "SELECT kpi, grain, period, segment, version, rows, printf('%.10g', value)
    FROM kpi_values ORDER BY 1, 2, 3, 4; SELECT * FROM coverage ORDER BY kpi;"
}
diff <(recorded "$ws") <(recorded "$tmp/engine") >/dev/null ||
  { echo "FAIL: compute --engine postgres recorded other values, rows or spans than compute"; exit 1; }
echo "ok: compute --engine postgres recorded the same values, rows, versions and spans ($(recorded "$ws" | wc -l) rows)"
"$bin" status -w "$tmp/engine" >/dev/null

# The public data sets (../shared/data/external), loaded into PostgreSQL as a user
# would (text staging tables, the spreadsheet's M/D/YYYY local times converted), and
# computed there by `compute --engine postgres`: the same values as natively.
EXT="$root/../shared/data/external"
if [ -f "$EXT/telco/WA_Fn-UseC_-Telco-Customer-Churn.csv" ] && [ -f "$EXT/support/customer_support_tickets.csv" ]; then
  ew="$tmp/external"
  mkdir -p "$ew/catalog"
  db=$(cat "$tmp/ws-Europe-Berlin/pg_database")
  cat >"$ew/northstar.yaml" <<YAML
workspace: external-sql
timezone: Europe/Berlin
allowed_paths: ["$EXT"]
engines:
  postgres:
    conninfo: "host=127.0.0.1 port=$port user=postgres dbname=$db"
    tables: {customers: telco.customers, support: telco.support}
sources:
  customers:
    from: csv:$EXT/telco/WA_Fn-UseC_-Telco-Customer-Churn.csv
    key: customer
    columns:
      customer: {type: string, from: customerID}
      tenure: int
      contract: {type: string, from: Contract}
      monthly: {type: float, from: MonthlyCharges}
      total: {type: float, from: TotalCharges}
      churned: {type: bool, from: Churn}
    null_values: ["", " "]
  support:
    from: csv:$EXT/support/customer_support_tickets.csv
    key: ticket_id
    time: purchased
    columns:
      ticket_id: {type: int, from: Ticket ID}
      purchased: {type: timestamp, from: Date of Purchase, format: "%m/%d/%Y"}
      status: {type: string, from: Ticket Status}
      first_response: {type: timestamp, from: First Response Time, format: "%m/%d/%Y %H:%M"}
      resolved: {type: timestamp, from: Time to Resolution, format: "%m/%d/%Y %H:%M"}
      csat: {type: float, from: Customer Satisfaction Rating}
YAML
  cat >"$ew/catalog/metrics.yaml" <<'YAML'
metrics:
  - {id: churn_rate, name: churn rate, source: customers, segments: [contract], formula: share(churned)}
  - id: arpu
    name: average monthly charge
    source: customers
    segments: [contract]
    formula: avg(monthly) + percentile(total, 0.9) / 1000
  - id: tickets
    name: tickets
    source: support
    frequency: monthly
    segments: [status]
    formula: count() + avg(csat) + median(hours_between(first_response, resolved))
  - id: open_share
    name: open share
    source: support
    frequency: weekly
    formula: share(status = 'Open') - prev(share(status = 'Open'))
YAML
  "${psql_cmd[@]}" -d "$db" <<SQL
CREATE SCHEMA telco;
CREATE TABLE telco.raw_c (id text, gender text, senior text, partner text, dependents text, tenure text,
  phone text, lines text, internet text, security text, backup text, protection text, support text, tv text,
  movies text, contract text, paperless text, payment text, monthly text, total text, churn text);
\copy telco.raw_c FROM '$EXT/telco/WA_Fn-UseC_-Telco-Customer-Churn.csv' CSV HEADER
CREATE TABLE telco.customers AS SELECT id AS customer, tenure::bigint AS tenure, contract,
  monthly::float8 AS monthly, NULLIF(trim(total), '')::float8 AS total, (churn = 'Yes') AS churned FROM telco.raw_c;
CREATE TABLE telco.raw_s (id text, name text, email text, age text, gender text, product text, purchased text,
  type text, subject text, description text, status text, resolution text, priority text, channel text,
  first_response text, resolved text, csat text);
\copy telco.raw_s FROM '$EXT/support/customer_support_tickets.csv' CSV HEADER
CREATE TABLE telco.support AS SELECT id::bigint AS ticket_id,
  (to_timestamp(purchased, 'MM/DD/YYYY')::timestamp AT TIME ZONE 'Europe/Berlin') AS purchased, status,
  (to_timestamp(NULLIF(first_response, ''), 'MM/DD/YYYY HH24:MI')::timestamp AT TIME ZONE 'Europe/Berlin') AS first_response,
  (to_timestamp(NULLIF(resolved, ''), 'MM/DD/YYYY HH24:MI')::timestamp AT TIME ZONE 'Europe/Berlin') AS resolved,
  NULLIF(csat, '')::float8 AS csat FROM telco.raw_s WHERE id <> '';
SQL
  "$bin" ingest -w "$ew" >/dev/null
  "$bin" compute -w "$ew" --format csv --no-write >"$ew/native.csv"
  "$bin" compute -w "$ew" --engine postgres --format csv --no-write >"$ew/postgres.csv"
  python3 "$here/compare.py" "$ew/native.csv" "$ew/postgres.csv" "the public data sets on PostgreSQL"
else
  echo "note: the public data sets are not under $EXT; their PostgreSQL check did not run"
fi

# Its failures name the engine and what to fix, and record nothing.
before=$(recorded "$tmp/engine" | md5sum)
expect_failure() {  # expected exit code, text the message must hold, description, command...
  local code=$1 text=$2 what=$3
  shift 3
  set +e
  "$@" >/dev/null 2>"$tmp/err.txt"
  local rc=$?
  set -e
  [ "$rc" = "$code" ] || { echo "FAIL: $what: exit $rc, expected $code"; cat "$tmp/err.txt"; exit 1; }
  grep -q "$text" "$tmp/err.txt" || { echo "FAIL: $what: the message lacks '$text'"; cat "$tmp/err.txt"; exit 1; }
  echo "ok: $what: exit $rc: $(head -1 "$tmp/err.txt")"
}
sed -i "s/port=$port/port=1/" "$tmp/engine/northstar.yaml"
expect_failure 8 "engine postgres" "an unreachable engine" "$bin" compute -w "$tmp/engine" --engine postgres
sed -i "s/port=1 /port=$port /" "$tmp/engine/northstar.yaml"
printf '    tables: {spend: no_such_table}\n' >>"$tmp/engine/northstar.yaml"
expect_failure 3 "no_such_table" "a missing table" "$bin" compute -w "$tmp/engine" --engine postgres
# A column of another type: named, with the type to use, before any statement runs.
"${psql_cmd[@]}" -d "$(cat "$tmp/ws-Europe-Berlin/pg_database")" -c "CREATE TABLE spend_text AS SELECT id, CAST(day AS text) AS day, channel, cost FROM spend"
sed -i 's/tables: {spend: no_such_table}/tables: {spend: spend_text}/' "$tmp/engine/northstar.yaml"
expect_failure 3 "column 'day' is text, but the catalog declares it timestamp" "a column of the wrong type" \
  "$bin" compute -w "$tmp/engine" --engine postgres
grep -q "timestamptz" "$tmp/err.txt" || { echo "FAIL: the message does not say which type to use"; exit 1; }
[ "$(recorded "$tmp/engine" | md5sum)" = "$before" ] || { echo "FAIL: a failed engine compute recorded values"; exit 1; }
expect_failure 3 "not configured" "an engine not configured" "$bin" compute -w "$ws" --engine postgres

# A KPI the compiler cannot express is refused: exit 1, a message naming it, no SQL.
ws="$tmp/ws-Europe-Berlin"
cat >>"$ws/catalog/metrics.yaml" <<'YAML'
  - id: by_amount
    name: by_amount
    source: tickets
    frequency: weekly
    segments: [amount]
    formula: count()
YAML
set +e
"$bin" sql -w "$ws" --dialect postgres by_amount >"$tmp/out.sql" 2>"$tmp/err.txt"
rc=$?
set -e
[ "$rc" = 1 ] || { echo "FAIL: a float-segment KPI gave exit $rc, expected 1"; cat "$tmp/err.txt"; exit 1; }
grep -q "by_amount" "$tmp/err.txt" || { echo "FAIL: the refusal does not name the KPI"; cat "$tmp/err.txt"; exit 1; }
[ ! -s "$tmp/out.sql" ] || { echo "FAIL: SQL printed for a KPI it cannot express"; exit 1; }
echo "ok: a float-segment KPI is refused (exit 1): $(head -1 "$tmp/err.txt")"
