#!/usr/bin/env bash
# `northstar sql --dialect clickhouse` on a real distributed engine: Debian's
# ClickHouse 18.16 as a two-shard cluster on loopback (scripts/clickhouse_cluster.sh),
# each source a MergeTree table per shard holding half of the rows under a Distributed
# table. For a generated workspace in two time zones, every metric's statement runs
# on the cluster and equals `northstar compute` (release binary) on every value,
# working-hours calendars included.
set -euo pipefail
build_dir=${NORTHSTAR_BUILD_DIR:?NORTHSTAR_BUILD_DIR not set}
bin=${NORTHSTAR_RELEASE_BIN:-$build_dir/northstar}
root=$(cd "$(dirname "$0")/../.." && pwd)
here="$root/tests/sql"
[ -x /usr/sbin/clickhouse-server ] || { echo "FAIL: clickhouse-server is missing: run \`make deps\`"; exit 1; }

tmp=$(mktemp -d /tmp/ns-ch-XXXXXX)
cleanup() {
  bash "$root/scripts/clickhouse_cluster.sh" stop "$tmp/cluster" || true
  rm -rf "$tmp"
}
trap cleanup EXIT
read -r p1 p2 < <(bash "$root/scripts/clickhouse_cluster.sh" start "$tmp/cluster")
version=$(curl -sS "http://127.0.0.1:$p1/" --data-binary "SELECT version()")
echo "clickhouse $version: shards on HTTP ports $p1 and $p2"

# A statement is longer than ClickHouse's default max_query_size, and a calendar's
# working time has more AST elements than its default max_ast_elements.
run_ch() {  # run_ch SQL_FILE OUT_CSV
  { cat "$1"; echo "FORMAT CSVWithNames"; } |
    curl -sS "http://127.0.0.1:$p1/?max_query_size=100000000&max_ast_elements=100000000" --data-binary @- >"$2.raw"
  if grep -q "DB::Exception" "$2.raw"; then
    echo "FAIL: ClickHouse refused the statement $1:"; head -c 2000 "$2.raw"; echo; exit 1
  fi
  sed 's/\\N//g' "$2.raw" >"$2"  # nulls as empty fields, as compute writes them
}

# Each of a statement's queries costs ClickHouse some 50 ms to analyse on every shard
# (the zone's offsets are long constant arrays): one zone here (sql_parity_engines.sh
# runs UTC), more by NORTHSTAR_CH_ZONES="Europe/Berlin America/New_York UTC".
for zone in ${NORTHSTAR_CH_ZONES:-Europe/Berlin}; do
  ws="$tmp/ws-${zone//\//-}"
  python3 "$here/make_workspace.py" "$ws" 20261205 "$zone"
  "$bin" ingest -w "$ws" >/dev/null
  "$bin" compute -w "$ws" --format csv >"$ws/native.csv"
  python3 "$here/clickhouse_load.py" "$p1" "$p2" "$ws" \
    "tickets:id=int,created_at=timestamp,first_reply_at=timestamp,channel=string,region=string,is_spam=bool,csat=int,amount=float,agent=int" \
    "spend:id=int,day=timestamp,channel=string,cost=float" \
    "survey:id=int,score=int,channel=string"
  compared=()
  for kpi in $(python3 -c "import csv,sys; print(' '.join(sorted({r[0] for r in list(csv.reader(open(sys.argv[1])))[1:]})))" "$ws/native.csv"); do
    "$bin" sql -w "$ws" --dialect clickhouse "$kpi" >"$ws/$kpi.sql" 2>"$ws/$kpi.err" ||
      { echo "FAIL: $kpi was refused:"; cat "$ws/$kpi.err"; exit 1; }
    run_ch "$ws/$kpi.sql" "$ws/$kpi.ch.csv"
    python3 -c "
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))
w = csv.writer(open(sys.argv[2], 'w', newline=''), lineterminator='\n')
w.writerow(rows[0]); [w.writerow(r) for r in rows[1:] if r[0] == sys.argv[3]]" "$ws/native.csv" "$ws/$kpi.native.csv" "$kpi"
    python3 "$here/compare.py" "$ws/$kpi.native.csv" "$ws/$kpi.ch.csv" "ClickHouse $kpi ($zone)" >"$ws/$kpi.cmp" ||
      { cat "$ws/$kpi.cmp"; exit 1; }
    compared+=("$kpi")
  done
  values=$(($(wc -l <"$ws/native.csv") - 1))
  echo "ok: ClickHouse, two shards ($zone): ${#compared[@]} KPIs equal native on every value"
  [ "${#compared[@]}" -ge 17 ] || { echo "FAIL: only ${#compared[@]} KPIs compared"; exit 1; }
done

# compute --engine clickhouse: the values of a few KPIs (a percentile, a cross-source
# ratio, a series, a snapshot) recorded as a native compute records them.
ws="$tmp/ws-Europe-Berlin"
[ -d "$ws" ] || exit 0
engine="$tmp/engine"
cp -r "$ws" "$engine"
rm -rf "$engine/.northstar"
printf 'engines:\n  clickhouse:\n    url: "http://127.0.0.1:%s"\n    database: default\n' "$p1" >>"$engine/northstar.yaml"
"$bin" ingest -w "$ws" >/dev/null
kpis=(amount_p90 cost_per_ticket growth_w backlog)
flags=()
for k in "${kpis[@]}"; do flags+=(--kpi "$k"); done
"$bin" compute -w "$engine" --engine clickhouse "${flags[@]}" --format csv >"$tmp/engine.csv"
python3 -c "
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))
w = csv.writer(open(sys.argv[2], 'w', newline=''), lineterminator='\n')
w.writerow(rows[0]); [w.writerow(r) for r in rows[1:] if r[0] in sys.argv[3:]]" "$ws/native.csv" "$tmp/native.csv" "${kpis[@]}"
python3 "$here/compare.py" "$tmp/native.csv" "$tmp/engine.csv" "compute --engine clickhouse"
recorded() {
  sqlite3 "$1/.northstar/results.db" "SELECT kpi, grain, period, segment, version, rows, printf('%.10g', value)
    FROM kpi_values WHERE kpi IN ('amount_p90', 'cost_per_ticket', 'growth_w', 'backlog') ORDER BY 1, 2, 3, 4;
    SELECT * FROM coverage WHERE kpi IN ('amount_p90', 'cost_per_ticket', 'growth_w', 'backlog') ORDER BY kpi;"
}
diff <(recorded "$ws") <(recorded "$engine") >/dev/null ||
  { echo "FAIL: compute --engine clickhouse recorded other values, rows or spans than compute"; exit 1; }
echo "ok: compute --engine clickhouse recorded the same values, rows, versions and spans ($(recorded "$ws" | wc -l) rows)"

# Failures name the engine and record nothing.
fails() {  # fails WHAT EXPECTED_EXIT YAML_TAIL
  local w="$tmp/fail-$RANDOM"
  cp -r "$ws" "$w"
  rm -rf "$w/.northstar"
  printf '%s\n' "$3" >>"$w/northstar.yaml"
  local code=0
  "$bin" compute -w "$w" --engine clickhouse --kpi n_tickets >"$w/out" 2>"$w/err" || code=$?
  [ "$code" = "$2" ] || { echo "FAIL: $1: exit $code, expected $2"; cat "$w/err"; exit 1; }
  grep -q "engine clickhouse" "$w/err" || { echo "FAIL: $1: the message does not name the engine"; cat "$w/err"; exit 1; }
  if [ -f "$w/.northstar/results.db" ] &&
    [ "$(sqlite3 "$w/.northstar/results.db" "SELECT count(*) FROM kpi_values")" != 0 ]; then
    echo "FAIL: $1: values were recorded"; exit 1
  fi
  echo "ok: $1: exit $code: $(head -1 "$w/err")"
  w_last=$w
}
fails "an unreachable engine" 8 "$(printf 'engines:\n  clickhouse: {url: "http://127.0.0.1:1"}')"
fails "a missing table" 3 "$(printf 'engines:\n  clickhouse: {url: "http://127.0.0.1:%s", tables: {tickets: no_such_table}}' "$p1")"
fails "an engine not configured" 3 ""
curl -sS "http://127.0.0.1:$p1/" --data-binary \
  "CREATE TABLE tickets_str (id Int64, created_at String, channel Nullable(String)) ENGINE = Memory"
fails "a column of the wrong type" 3 "$(printf 'engines:\n  clickhouse: {url: "http://127.0.0.1:%s", tables: {tickets: tickets_str}}' "$p1")"
grep -q "column 'created_at' is String, but the catalog declares it timestamp" "$w_last/err" &&
  grep -q "DateTime" "$w_last/err" || { echo "FAIL: the message does not name the column and the type to use"; cat "$w_last/err"; exit 1; }
# A server older than 18.16 (a stand-in answering `SELECT version()` as 1.1.54343 did).
old_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
python3 - "$old_port" <<'PY' &
import http.server, sys
class Old(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(200); self.end_headers(); self.wfile.write(b"1.1.54343\n")
    do_GET = do_POST
    def log_message(self, *a): pass
http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), Old).serve_forever()
PY
old_pid=$!
for _ in $(seq 50); do curl -s "http://127.0.0.1:$old_port/" >/dev/null && break; sleep 0.1; done
fails "a server older than 18.16" 9 "$(printf 'engines:\n  clickhouse: {url: "http://127.0.0.1:%s"}' "$old_port")"
kill "$old_pid"

