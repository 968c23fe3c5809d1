#!/usr/bin/env bash
# Server benchmark (issue: `northstar serve`): wrk on loopback against a support
# workspace of ROWS tickets — the KPI values route and the goal tree — then the same
# load while an ingest of late rows and a compute run in another process (every answer
# must still be a 200), then the dashboard's first paint in headless Chromium.
#
#   bench/serve_bench.sh [ROWS]           (default 10000000; env ROWS works too)
# Env: NORTHSTAR_RELEASE_DIR (default build/release), BENCH_WORK (scratch; default a
#      temp dir, removed at the end), CONNECTIONS (default 8), SECONDS_PER_RUN (default 10).
# No peer: no other KPI server answers these routes. Figures go to docs/performance.md
# ("## Server").
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
ROWS="${1:-${ROWS:-10000000}}"
BUILD="${NORTHSTAR_RELEASE_DIR:-$ROOT/build/release}"
NS="$BUILD/northstar"
CONNECTIONS="${CONNECTIONS:-8}"
SECONDS_PER_RUN="${SECONDS_PER_RUN:-10}"
command -v wrk >/dev/null || { echo "serve_bench: wrk missing (apt-get install wrk)" >&2; exit 1; }
[ -x "$NS" ] || { echo "serve_bench: no $NS (make build)" >&2; exit 1; }
WORK="${BENCH_WORK:-$(mktemp -d)}"
mkdir -p "$WORK"
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  [ -z "${BENCH_WORK:-}" ] && rm -rf "$WORK"
  return 0
}
trap cleanup EXIT

ws="$WORK/support"
if [ ! -f "$ws/.northstar/results.db" ]; then
  mkdir -p "$ws"
  cp -r "$ROOT/examples/support/northstar.yaml" "$ROOT/examples/support/catalog" "$ws/"
  echo "generating and computing $ROWS tickets in $ws"
  "$BUILD/northstar-datagen" --example support --rows "$ROWS" --seed 42 --out "$ws/data" >/dev/null
  "$NS" ingest -w "$ws" >/dev/null
  "$NS" compute -w "$ws" --format csv >/dev/null
fi
token=$("$NS" token create -w "$ws" --role viewer --name bench 2>/dev/null)
"$NS" serve -w "$ws" --port 0 --quiet >"$WORK/serve.out" 2>"$WORK/serve.err" &
server_pid=$!
for _ in $(seq 1 100); do grep -q 'http://' "$WORK/serve.out" 2>/dev/null && break; sleep 0.1; done
url=$(grep -o 'http://[0-9.:]*' "$WORK/serve.out")
kpi=$(curl -s -H "Authorization: Bearer $token" "$url/api/v1/kpis" | grep -o '"id":"[^"]*"' | head -1 | cut -d'"' -f4)

run_wrk() {  # NAME PATH
  local out
  out=$(wrk -t1 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency -H "Authorization: Bearer $token" "$url$2")
  local p50 p99 rps errors
  p50=$(awk '/^ +50%/ {print $2}' <<<"$out")
  p99=$(awk '/^ +99%/ {print $2}' <<<"$out")
  rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
  errors=$(grep -E 'Non-2xx|Socket errors' <<<"$out" || true)
  printf '%-34s %10s req/s   p50 %8s   p99 %8s   %s\n' "$1" "$rps" "$p50" "$p99" "${errors:-no errors}"
}

for path in "/api/v1/kpis/$kpi/values" /api/v1/goals; do
  curl -s -o /dev/null -H "Authorization: Bearer $token" "$url$path"  # warm the cache
done
echo "== $ROWS tickets, $CONNECTIONS connections, ${SECONDS_PER_RUN}s each"
run_wrk "values ($kpi)" "/api/v1/kpis/$kpi/values"
run_wrk "goal tree" /api/v1/goals

echo "== the same while an ingest of late rows and a compute run"
( sleep 1; "$NS" ingest -w "$ws" tickets --file "$ws/data/tickets_late.csv" >/dev/null 2>&1
  start=$(date +%s.%N); "$NS" compute -w "$ws" --format csv >/dev/null
  echo "   (ingest + compute finished; compute took $(echo "$(date +%s.%N) - $start" | bc) s)" ) &
writer=$!
run_wrk "values during ingest + compute" "/api/v1/kpis/$kpi/values"
wait "$writer"

if [ -d "$ROOT/tests/browser/node_modules/puppeteer-core" ] && [ -x /usr/bin/chromium ]; then
  echo "== dashboard first paint (headless Chromium, best of 3)"
  node "$ROOT/tests/browser/first_paint.mjs" "$url" "$token" 3
fi
