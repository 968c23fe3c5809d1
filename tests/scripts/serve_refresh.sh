#!/usr/bin/env bash
# `northstar serve` re-reads a source on its own `refresh:` cadence, with the release
# binary: rows appended to the source's file while the server runs reach the API and
# arrive as a `refresh` server-sent event; a source without a cadence is not re-read.
set -euo pipefail

if [ -z "${NORTHSTAR_RELEASE_BIN:-}" ]; then
  echo "SKIP: NORTHSTAR_RELEASE_BIN not set (make unit sets it)" >&2
  exit 77
fi
BIN=$NORTHSTAR_RELEASE_BIN
fail() { echo "FAIL: $*" >&2; exit 1; }
[ -x "$BIN" ] || fail "no release binary at $BIN (run make build)"

work=$(mktemp -d)
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

ws=$work/ws
mkdir -p "$ws/catalog" "$ws/data"
cat >"$ws/northstar.yaml" <<'YAML'
workspace: refresh-test
timezone: UTC
sources:
  orders:
    from: csv:data/orders.csv
    key: id
    time: at
    refresh: 10s
    columns: {id: int, at: timestamp, amount: int}
  returns:
    from: csv:data/returns.csv
    key: id
    time: at
    columns: {id: int, at: timestamp}
YAML
cat >"$ws/catalog/kpis.yaml" <<'YAML'
metrics:
  - id: orders
    name: Orders
    source: orders
    formula: count()
  - id: returns
    name: Returns
    source: returns
    formula: count()
YAML
printf 'id,at,amount\n1,2026-03-02T10:00:00Z,5\n2,2026-03-03T10:00:00Z,7\n' >"$ws/data/orders.csv"
printf 'id,at\n1,2026-03-02T11:00:00Z\n' >"$ws/data/returns.csv"
"$BIN" ingest -w "$ws" >/dev/null 2>&1 || fail "ingest"
"$BIN" compute -w "$ws" --format csv >/dev/null || fail "compute"
token=$("$BIN" token create -w "$ws" --role viewer --name refresh-test 2>/dev/null)

"$BIN" serve -w "$ws" --port 0 --quiet >"$work/serve.out" 2>"$work/serve.err" &
server_pid=$!
for _ in $(seq 1 100); do
  grep -q 'http://' "$work/serve.out" 2>/dev/null && break
  sleep 0.1
done
url=$(grep -o 'http://[0-9.:]*' "$work/serve.out") || fail "serve did not start: $(cat "$work/serve.err")"
grep -q "refreshes source 'orders' every 10 s" "$work/serve.err" || fail "no cadence printed: $(cat "$work/serve.err")"
grep -q "returns" "$work/serve.err" && fail "returns has no cadence: $(cat "$work/serve.err")"

get() { curl -sf -H "Authorization: Bearer $token" "$url$1"; }
total() {  # the latest value of a metric at the day grain: 2026-03-04 holds the new rows
  get "/api/v1/kpis/$1/values?grain=day" | python3 -c "
import json, sys
doc = json.load(sys.stdin)
points = doc['series'][0]['points']
print(int(sum(p['value'] or 0 for p in points)))"
}
[ "$(total orders)" = 2 ] || fail "orders before: $(total orders)"

# New rows in both files; only orders is re-read by the schedule.
printf '3,2026-03-04T10:00:00Z,9\n4,2026-03-04T12:00:00Z,1\n' >>"$ws/data/orders.csv"
printf '2,2026-03-04T11:00:00Z\n' >>"$ws/data/returns.csv"
for _ in $(seq 1 60); do
  [ "$(total orders)" = 4 ] && break
  sleep 0.5
done
[ "$(total orders)" = 4 ] || fail "the scheduled refresh did not reach the API within 30 s: orders $(total orders)"
[ "$(total returns)" = 1 ] || fail "returns has no cadence but was re-read: $(total returns)"
events=$(curl -s -m 2 -H "Authorization: Bearer $token" "$url/api/v1/events" || true)
grep -q '^event: refresh$' <<<"$events" || fail "no refresh event: $events"

kill -TERM "$server_pid"
wait "$server_pid" || fail "serve did not stop cleanly"
server_pid=
echo "serve_refresh: ok"
