#!/usr/bin/env bash
# Runs every Northstar benchmark in turn. Arguments are passed to each (e.g. a row count).
#   bench/run.sh [ROWS]
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
echo "== ingest"
bash "$HERE/ingest_bench.sh" "$@"
echo "== engine"; bash "$HERE/engine_bench.sh" "$@"
echo "== workload family"; bash "$HERE/family.sh" "$@"
