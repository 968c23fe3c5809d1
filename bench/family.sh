#!/usr/bin/env bash
# Workload family benchmark: the support workload in variants (bench/family/variants.mjs:
# UTC or a DST zone, string or integer ids, bool or integer flags, day/week/month, 1, 2 or 6
# segment dimensions, with or without holistic aggregates, a high-cardinality distinct
# count), each computed by `northstar compute` and by DuckDB's best SQL for it on the same
# data, in the same run. Every variant's values are checked equal before its times count.
# Then a one-day append is ingested and the refresh of the base variant is timed.
#
#   bench/family.sh [ROWS]         (default 10000000; env ROWS works too)
# Env: NORTHSTAR_RELEASE_DIR (default build/release-bench; built when missing),
#      BENCH_WORK (scratch directory, kept; default a temp dir, removed at the end),
#      REPEAT (runs per engine and variant, median kept; default 3),
#      VARIANTS (space-separated subset of the variant ids).
# DuckDB reads a database file (it can spill); both engines get 2 threads. Times are wall
# seconds of the query (DuckDB) and of the whole `northstar compute` process (start-up,
# catalog, store reads included); memory is each process's peak RSS. Figures go to
# docs/performance.md ("Workload family").
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
ROWS="${1:-${ROWS:-10000000}}"
REPEAT="${REPEAT:-3}"
BUILD="${NORTHSTAR_RELEASE_DIR:-$ROOT/build/release-bench}"
NS="$BUILD/northstar"
FAMILY="$ROOT/bench/family"

bash "$ROOT/bench/ensure_release.sh" "$BUILD"
if [ -n "${BENCH_WORK:-}" ]; then
  WORK="$BENCH_WORK"; mkdir -p "$WORK"
else
  WORK="$(mktemp -d)"
  trap 'rm -rf "$WORK"' EXIT
fi
if [ ! -d "$ROOT/bench/node_modules/@duckdb/node-api" ]; then (cd "$ROOT/bench" && npm ci --silent); fi

timed() {  # sets ELAPSED, CPU, MAX_RSS_KB (bench/timed.py)
  python3 "$ROOT/bench/timed.py" "$WORK/time.txt" "$@"
  read -r ELAPSED CPU MAX_RSS_KB < "$WORK/time.txt"
}
median() { python3 -c 'import statistics,sys; print(statistics.median(float(x) for x in sys.argv[1:]))' "$@"; }
max() { python3 -c 'import sys; print(int(max(float(x) for x in sys.argv[1:])))' "$@"; }
json() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$@"; }

echo "workload family: $ROWS tickets (seed 42), work dir $WORK, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
if [ ! -f "$WORK/family.csv" ] || [ ! -f "$WORK/family.duckdb" ]; then
  "$BUILD/northstar-datagen" --example support --rows "$ROWS" --seed 42 --out "$WORK/gen" > /dev/null
  # The generator plants three malformed lines (docs/examples.md, S10); the family leaves them out.
  awk 'NR != 101 && NR != 202 && NR != 303' "$WORK/gen/tickets.csv" > "$WORK/tickets_clean.csv"
  node "$FAMILY/prepare.mjs" "$WORK/tickets_clean.csv" "$WORK/family.csv" "$WORK/family.duckdb" > "$WORK/prepare.json"
  rm -rf "$WORK/gen" "$WORK/tickets_clean.csv"
fi
DUCK_LOAD=$(json "$WORK/prepare.json" load_seconds)
FAMILY_ROWS=$(json "$WORK/prepare.json" rows)

# One Northstar workspace per zone, holding the KPIs of that zone's variants.
mapfile -t ZONES < <(node -e 'import("'"$FAMILY"'/variants.mjs").then((m) => console.log(m.ZONES.join("\n")))')
declare -A WS_OF
for zone in "${ZONES[@]}"; do
  ws="$WORK/ws-${zone//\//-}"
  WS_OF[$zone]=$ws
  rm -rf "$ws"; mkdir -p "$ws/catalog"
  node --input-type=module -e '
    import { writeFileSync } from "node:fs";
    import { workspaceYaml, catalogYaml } from "'"$FAMILY"'/variants.mjs";
    const [ws, zone, csv] = process.argv.slice(1);
    writeFileSync(`${ws}/northstar.yaml`, workspaceYaml(zone, csv));
    writeFileSync(`${ws}/catalog/kpis.yaml`, catalogYaml(zone));' "$ws" "$zone" "$WORK/family.csv"
  "$NS" check -w "$ws" > "$WORK/check.txt" 2>&1 || { cat "$WORK/check.txt"; echo "northstar check failed ($zone)"; exit 1; }
  timed "$NS" ingest -w "$ws" --format json > "$WORK/ingest.json"
  stored=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["sources"][0]["rows_stored"])' "$WORK/ingest.json")
  [ "$stored" = "$FAMILY_ROWS" ] || { echo "northstar stored $stored rows of $FAMILY_ROWS ($zone)"; exit 1; }
  [ "$zone" = UTC ] && NS_INGEST=$ELAPSED
done
printf 'load: northstar ingest %.2f s, duckdb CSV load into its database file %.2f s (%.2fx), %s rows\n' \
  "$NS_INGEST" "$DUCK_LOAD" "$(echo "$DUCK_LOAD / $NS_INGEST" | bc -l)" "$FAMILY_ROWS"

mapfile -t ALL < <(node -e 'import("'"$FAMILY"'/variants.mjs").then((m) => console.log(m.VARIANTS.map((v) => [v.id, v.zone, v.grain].join(" ")).join("\n")))')
RESULTS="$WORK/results.tsv"
printf 'variant\tns_s\tns_cpu\tns_mb\tduck_s\tduck_cpu\tduck_mb\tvalues\n' > "$RESULTS"
AGREE=0
for line in "${ALL[@]}"; do
  read -r id zone grain <<< "$line"
  if [ -n "${VARIANTS:-}" ] && [[ " $VARIANTS " != *" $id "* ]]; then continue; fi
  ws=${WS_OF[$zone]}
  mapfile -t kpis < <(node -e 'import("'"$FAMILY"'/variants.mjs").then((m) => console.log(m.kpiIds(m.VARIANTS.find((v) => v.id === process.argv[1])).join("\n")))' "$id")
  args=(); for k in "${kpis[@]}"; do args+=(--kpi "$k"); done
  times=(); cpus=(); rss=()
  for ((i = 1; i <= REPEAT; ++i)); do
    timed "$NS" compute -w "$ws" "${args[@]}" --grain "$grain" --no-write --format csv > "$WORK/ns_$id.csv"
    times+=("$ELAPSED"); cpus+=("$CPU"); rss+=("$MAX_RSS_KB")
  done
  ns_s=$(median "${times[@]}"); ns_cpu=$(median "${cpus[@]}"); ns_kb=$(max "${rss[@]}")
  # DuckDB: REPEAT runs inside one process after a first, untimed one that warms its buffers.
  timed node "$FAMILY/duckdb_run.mjs" "$WORK/family.duckdb" "$id" $((REPEAT + 1)) "$WORK/duck_$id.csv" > "$WORK/duck_$id.json"
  duck_kb=$MAX_RSS_KB
  read -r duck_s duck_cpu < <(python3 -c '
import json, statistics, sys
runs = json.load(open(sys.argv[1]))["runs"][1:]
print(statistics.median(r["seconds"] for r in runs), statistics.median(r["cpu_seconds"] for r in runs))' "$WORK/duck_$id.json")
  if check=$(node "$FAMILY/compare.mjs" "$WORK/ns_$id.csv" "$WORK/duck_$id.csv"); then values=agree; else values=MISMATCH; AGREE=1; fi
  printf '%-12s northstar %6.3f s (CPU %6.3f s, %5d MB)  duckdb %6.3f s (CPU %6.3f s, %5d MB)  %5.2fx  %s\n' "$id" \
    "$ns_s" "$ns_cpu" $((ns_kb / 1024)) "$duck_s" "$duck_cpu" $((duck_kb / 1024)) "$(echo "$duck_s / $ns_s" | bc -l)" "$check"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$id" "$ns_s" "$ns_cpu" $((ns_kb / 1024)) "$duck_s" "$duck_cpu" \
    $((duck_kb / 1024)) "$values" >> "$RESULTS"
done

# Refresh: the base variant recorded once, one more day ingested, then a plain compute.
if [ -z "${VARIANTS:-}" ] || [[ " $VARIANTS " == *" base "* ]]; then
  ws=${WS_OF[UTC]}
  mapfile -t kpis < <(node -e 'import("'"$FAMILY"'/variants.mjs").then((m) => console.log(m.kpiIds(m.VARIANTS[0]).join("\n")))')
  args=(); for k in "${kpis[@]}"; do args+=(--kpi "$k"); done
  "$NS" compute -w "$ws" "${args[@]}" --grain week --format csv > /dev/null
  node "$ROOT/bench/engine_next_day.mjs" "$WORK/family.csv" "$WORK/next_day.csv" > "$WORK/next_day.json"
  "$NS" ingest tickets --file "$WORK/next_day.csv" -w "$ws" > /dev/null
  timed "$NS" compute -w "$ws" "${args[@]}" --grain week --format csv --explain-refresh > /dev/null 2> "$WORK/refresh.txt"
  grep -q '^refresh: ' "$WORK/refresh.txt" || { cat "$WORK/refresh.txt"; echo "the compute after the append was not a refresh"; exit 1; }
  base_duck=$(awk -F'\t' '$1 == "base" {print $5}' "$RESULTS")
  printf 'refresh after a one-day append (%s): %.3f s, %.2f %% of duckdb full time (goal <= 1 %%)\n' \
    "$(head -c 60 "$WORK/refresh.txt")" "$ELAPSED" "$(echo "100 * $ELAPSED / $base_duck" | bc -l)"
fi

echo
python3 - "$RESULTS" <<'EOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
print(f"{'variant':<12} {'northstar':>10} {'duckdb':>10} {'ratio':>7} {'CPU ratio':>10} {'memory':>8}")
for r in rows:
    ratio = float(r["duck_s"]) / float(r["ns_s"])
    cpu = float(r["duck_cpu"]) / float(r["ns_cpu"])
    mem = float(r["ns_mb"]) / float(r["duck_mb"])
    print(f"{r['variant']:<12} {float(r['ns_s']):>8.3f} s {float(r['duck_s']):>8.3f} s {ratio:>6.2f}x {cpu:>9.2f}x {mem:>7.2f}x  {r['values']}")
if rows:
    worst = min(rows, key=lambda r: float(r["duck_s"]) / float(r["ns_s"]))
    print(f"headline (worst variant): {worst['variant']} at {float(worst['duck_s']) / float(worst['ns_s']):.2f}x duckdb (goal >= 4x)")
    print("(ratio: duckdb time / northstar time; memory: northstar peak RSS / duckdb peak RSS, goal <= 0.5x)")
EOF
[ "$AGREE" = 0 ] && echo "agreement: every variant's values agree" || echo "agreement: MISMATCHES (see above)"
exit "$AGREE"
