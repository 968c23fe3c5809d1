#!/usr/bin/env bash
# The main job on the example support workspace, with the embedded store: generate
# data, ingest it, compute every KPI, check the targets against the history, print the
# scorecard, write the weekly review, and print where everything is. Run through
# `make demo` (after a Release build in build/release).
set -euo pipefail
build_dir=${1:-build/release}
root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/$build_dir/northstar"
gen="$root/$build_dir/northstar-datagen"
ws="$root/examples/support"
started=$(date +%s)

step() { printf '\n== %s\n' "$*"; }
# A step runs only when this build of northstar has the command, so the demo keeps
# working while commands are added.
has_command() { "$bin" --help 2>/dev/null | grep -qE "^ +$1( |\$)"; }
skip() { printf '(skipped: this build has no `northstar %s`)\n' "$1"; }

step "northstar init (a fresh workspace passes check)"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
"$bin" init "$scratch/hello"
"$bin" check -w "$scratch/hello"

step "generate example data for $ws"
"$gen" --example support --rows 200000 --seed 42 --out "$ws/data"

step "northstar check -w examples/support"
"$bin" check -w "$ws"

# Start from an empty store and results database so every run shows the same thing.
rm -rf "$ws/.northstar"

if has_command ingest; then
  step "northstar ingest (tickets.csv, csat_responses.jsonl into the store)"
  "$bin" ingest -w "$ws"
else
  skip ingest
fi

step "northstar compute (every KPI and metric, every period and segment)"
"$bin" compute -w "$ws" --format csv >"$scratch/values.csv"
printf '%s values computed; the first ones:\n' "$(($(wc -l <"$scratch/values.csv") - 1))"
head -6 "$scratch/values.csv"

if has_command ingest; then
  step "northstar ingest tickets --file data/tickets_late.csv (late rows and edits), compute again"
  "$bin" ingest -w "$ws" tickets --file "$ws/data/tickets_late.csv"
  "$bin" compute -w "$ws" --format csv >"$scratch/values.csv"
fi

step "northstar check --with-data (targets against the computed history)"
"$bin" check -w "$ws" --with-data

if has_command status; then
  step "northstar status (the scorecard)"
  "$bin" status -w "$ws"
else
  skip status
fi

step "northstar explain first_response_30m (signals, guards, segments and drivers; the latest complete week)"
"$bin" explain first_response_30m -w "$ws"

step "northstar actions alert --all-periods (alerts with their actions; items opened)"
"$bin" actions -w "$ws" alert --all-periods --quiet
"$bin" actions -w "$ws" list | head -12

review_dir=""
if has_command review; then
  step "northstar review (the weekly review)"
  "$bin" review -w "$ws"
  review_dir="$ws/.northstar/review"
else
  skip review
fi

echo
echo "Demo finished in $(($(date +%s) - started)) s."
echo "Northstar binary:  $bin"
echo "Workspace:         $ws (catalog in $ws/catalog, data in $ws/data)"
echo "Store:             $ws/.northstar/store"
echo "Computed values:   $ws/.northstar/results.db (SQLite; \`northstar compute --format csv\` prints them)"
if [ -n "$review_dir" ]; then
  echo "Weekly review:     $review_dir/review.html and review.md"
fi

# Last, the dashboard: a viewer token for this browser, then `northstar serve` in the
# foreground until Ctrl-C. NORTHSTAR_DEMO_SERVE=0 skips it (scripts that only check
# the demo's output).
if [ "${NORTHSTAR_DEMO_SERVE:-1}" = "0" ] || ! has_command serve; then
  exit 0
fi
port=${NORTHSTAR_PORT:-8080}
token=$("$bin" token create -w "$ws" --role viewer --name demo 2>/dev/null)
step "northstar serve (the dashboard, the API and /metrics; Ctrl-C stops it)"
echo "Dashboard:         http://127.0.0.1:$port/#token=$token   (click Sign in)"
echo "Viewer token:      $token   (API: curl -H 'Authorization: Bearer $token' http://127.0.0.1:$port/api/v1/goals)"
echo "Metrics:           http://127.0.0.1:$port/metrics"
rm -rf "$scratch"
exec "$bin" serve -w "$ws" --port "$port" --quiet
