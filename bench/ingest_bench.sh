#!/usr/bin/env bash
# Ingest benchmark: `northstar ingest` of the support example's tickets.csv into a fresh
# store, against DuckDB loading the same CSV into an in-memory table (2 threads, explicit
# types). Prints both times, the ratio and the store's size as a share of the CSV.
#
#   bench/ingest_bench.sh [ROWS]            (default 10000000; env ROWS works too)
# Env: NORTHSTAR_RELEASE_DIR (default build/release; built here when missing),
#      NORTHSTAR_DATAGEN (default: northstar-datagen of that build),
#      BENCH_WORK (scratch directory; default a fresh temp dir, removed at the end;
#      data generated there for the same ROWS is reused).
# Not a test: timings depend on the machine. Figures go to docs/performance.md.
# A first load commits while it reads (segments are written as rows arrive), so "read"
# includes most of the commit and "commit" is what is left after the last row.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
ROWS="${1:-${ROWS:-10000000}}"
BUILD="${NORTHSTAR_RELEASE_DIR:-$ROOT/build/release}"

GEN="${NORTHSTAR_DATAGEN:-$BUILD/northstar-datagen}"
if [ ! -x "$BUILD/northstar" ] || [ ! -x "$GEN" ]; then
  cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DNORTHSTAR_TESTS=OFF > /dev/null
  ninja -C "$BUILD" -j2 northstar northstar-datagen
fi
if [ -n "${BENCH_WORK:-}" ]; then
  WORK="$BENCH_WORK"; mkdir -p "$WORK"
else
  WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT
fi
if [ ! -d "$ROOT/bench/node_modules/@duckdb/node-api" ]; then (cd "$ROOT/bench" && npm ci --silent); fi

now() { date +%s.%N; }
echo "ingest benchmark: $ROWS support tickets (seed 42), work dir $WORK"
CSV="$WORK/data/tickets.csv"
if [ "$(cat "$WORK/data/.rows" 2> /dev/null)" != "$ROWS" ]; then
  t0=$(now)
  "$GEN" --example support --rows "$ROWS" --seed 42 --out "$WORK/data" > /dev/null
  echo "$ROWS" > "$WORK/data/.rows"
  t1=$(now)
  printf 'generated in %.1f s\n' "$(echo "$t1 - $t0" | bc -l)"
fi
CSV_BYTES=$(stat -c %s "$CSV")
printf 'input: %s (%.1f MB)\n' "$CSV" "$(echo "$CSV_BYTES / 1000000" | bc -l)"

# A workspace holding the support example's tickets source, reading the generated file.
WS="$WORK/ws"
rm -rf "$WS"; mkdir -p "$WS"
sed "s#from: csv:data/tickets.csv#from: csv:$CSV#" "$ROOT/examples/support/northstar.yaml" > "$WS/northstar.yaml"

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
echo "load average before northstar: $(loadavg)"
sync; echo 3 > /proc/sys/vm/drop_caches 2> /dev/null || true
t0=$(now)
"$BUILD/northstar" ingest tickets -w "$WS" --format json > "$WORK/ingest.json"
t1=$(now)
NS_SECONDS=$(echo "$t1 - $t0" | bc -l)
STORE_BYTES=$(du -sb "$WS/.northstar/store" | cut -f1)
read -r NS_ROWS NS_REJECTED NS_INNER NS_READ NS_COMMIT NS_QUALITY < <(python3 -c '
import json,sys; s=json.load(open(sys.argv[1]))["sources"][0]
print(s["rows_stored"], s["rows_rejected"], s["elapsed_seconds"], s["read_seconds"], s["commit_seconds"],
      s["quality_seconds"])' "$WORK/ingest.json")

echo "load average before duckdb: $(loadavg)"
sync; echo 3 > /proc/sys/vm/drop_caches 2> /dev/null || true
DUCK_JSON=$(cd "$ROOT/bench" && node duckdb_load.mjs "$CSV")
read -r DUCK_SECONDS DUCK_ROWS < <(python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print(d["seconds"], d["rows"])' "$DUCK_JSON")

printf 'northstar ingest: %.2f s wall (read %.2f s + commit %.2f s = %.2f s, quality report %.2f s), %s rows stored, %s rejected, %.0f MB/s\n' \
  "$NS_SECONDS" "$NS_READ" "$NS_COMMIT" "$NS_INNER" "$NS_QUALITY" "$NS_ROWS" "$NS_REJECTED" "$(echo "$CSV_BYTES / 1000000 / $NS_SECONDS" | bc -l)"
printf 'duckdb read_csv -> table (2 threads): %.2f s, %s rows\n' "$DUCK_SECONDS" "$DUCK_ROWS"
printf 'speed: northstar is %.2fx duckdb (goal >= 3x)\n' "$(echo "$DUCK_SECONDS / $NS_SECONDS" | bc -l)"
printf 'store: %s bytes = %.1f %% of the CSV (%s bytes; goal <= 40 %%)\n' "$STORE_BYTES" \
  "$(echo "100 * $STORE_BYTES / $CSV_BYTES" | bc -l)" "$CSV_BYTES"
