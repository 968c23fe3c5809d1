#!/usr/bin/env bash
# Runs the same commands with two northstar binaries on fresh copies of each example
# workspace and fails on the first output that differs. Used to show that a change
# which should not change behaviour (a refactoring) does not:
#
#   scripts/compare-outputs.sh OLD_BIN NEW_BIN [ROWS]
#
# Covered: check (text, json, --with-data), ingest (first load, again as json, --report, an unknown source), compute (every format, then again as a refresh), status (every
# format), explain (every KPI, text and json; one KPI at another period, segment and
# grain, with a note and open items), review (Markdown and HTML), and
# actions alert / list / note / close (text and json). Lines that carry the time of the run
# (timestamps, reject-file stamps, elapsed times) are normalised before comparing.
set -euo pipefail
old=$(realpath "${1:?usage: compare-outputs.sh OLD_BIN NEW_BIN [ROWS]}")
new=$(realpath "${2:?usage: compare-outputs.sh OLD_BIN NEW_BIN [ROWS]}")
rows=${3:-50000}
root=$(cd "$(dirname "$0")/.." && pwd)
datagen="$(dirname "$new")/northstar-datagen"
work=$(mktemp -d)
[ -n "${KEEP_OUTPUTS:-}" ] || trap 'rm -rf "$work"' EXIT

# Times of the run itself differ between the two runs; nothing else may.
normalise() {
  sed -E -e 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})/<time>/g' \
    -e 's/[0-9]{8}T[0-9]{6}Z(-[0-9]+)?/<stamp>/g' -e 's/elapsed [0-9.]+ s.*/elapsed <timing>/' \
    -e 's/"(elapsed_seconds|read_seconds|commit_seconds|quality_seconds|mb_per_second)": [-0-9.e+]+/"\1": <timing>/'
}

# run BIN OUT: the command sequence on a fresh copy of $example, outputs into OUT/.
run() {
  local bin=$1 out=$2 ws="$2/ws"
  mkdir -p "$out"
  cp -r "$root/examples/$example" "$ws"
  rm -rf "$ws/.northstar"
  cp -r "$work/data-$example" "$ws/data"
  local n=0
  step() {  # step NAME COMMAND...: stdout, stderr and exit code of one command
    n=$((n + 1))
    local name
    name=$(printf '%02d-%s' "$n" "$1")
    shift
    set +e
    "$@" >"$out/$name.out" 2>"$out/$name.err"
    echo "exit $?" >>"$out/$name.err"
    set -e
    sed -i "s#$ws#<ws>#g; s#$bin#<bin>#g" "$out/$name.out" "$out/$name.err"
    normalise <"$out/$name.out" >"$out/$name.out.n" && mv "$out/$name.out.n" "$out/$name.out"
    normalise <"$out/$name.err" >"$out/$name.err.n" && mv "$out/$name.err.n" "$out/$name.err"
  }
  step check "$bin" check -w "$ws"
  step check-json "$bin" check -w "$ws" --format json
  step ingest "$bin" ingest -w "$ws"
  step ingest-again-json "$bin" ingest -w "$ws" --format json
  step ingest-report "$bin" ingest -w "$ws" --report
  step ingest-report-json "$bin" ingest -w "$ws" --report --format json
  step ingest-unknown "$bin" ingest -w "$ws" no_such_source
  step compute-table "$bin" compute -w "$ws" --no-write
  step compute-csv "$bin" compute -w "$ws" --format csv
  step compute-json "$bin" compute -w "$ws" --format json --explain-refresh
  step compute-week "$bin" compute -w "$ws" --format csv --grain week --segment channel --from 2025-W40 --to 2026-W10
  step check-with-data "$bin" check -w "$ws" --with-data
  step status-text "$bin" status -w "$ws"
  step status-json "$bin" status -w "$ws" --format json
  step status-csv "$bin" status -w "$ws" --format csv --all-periods
  for kpi in $(awk -F, 'NR > 1 && !seen[$1]++ {print $1}' "$out/09-compute-csv.out"); do
    step "explain-$kpi" "$bin" explain -w "$ws" "$kpi"
    step "explain-$kpi-json" "$bin" explain -w "$ws" "$kpi" --format json
  done
  step review "$bin" review -w "$ws" --today 2026-06-01
  for f in "$ws"/.northstar/review/*; do
    [ -f "$f" ] && normalise <"$f" >"$out/review-$(basename "$f")"
  done
  step actions-alert "$bin" actions -w "$ws" alert
  step actions-list "$bin" actions -w "$ws" list --all
  step actions-list-json "$bin" actions -w "$ws" --format json list --all
  local item
  item=$(grep -m1 -oE '^    "id": [0-9]+' "$out/$(printf '%02d' "$n")-actions-list-json.out" | grep -oE '[0-9]+$' || true)
  step actions-alert-dry-json "$bin" actions -w "$ws" --format json alert --all-periods --dry-run --today 2026-06-01
  if [ -n "$item" ]; then
    step actions-note "$bin" actions -w "$ws" note "$item" "looked at it"
    step actions-close "$bin" actions -w "$ws" close "$item"
    step actions-list-after "$bin" actions -w "$ws" list --all
  fi
  # One KPI again at another period, segment and grain, with a note and open items.
  local kpi1 period1 segment1
  kpi1=$(awk -F, 'NR == 2 {print $1}' "$out/09-compute-csv.out")
  segment1=$(awk -F, -v k="$kpi1" 'NR > 1 && $1 == k && $3 != "*" {print $3; exit}' "$out/09-compute-csv.out")
  period1=$("$bin" explain -w "$ws" "$kpi1" | awk '$1 == "change" {print $2; exit}')
  step annotate "$bin" annotate -w "$ws" "$kpi1" --period "${period1:-2026-W01}" --text "a note"
  step explain-again "$bin" explain -w "$ws" "$kpi1"
  step explain-again-json "$bin" explain -w "$ws" "$kpi1" --format json
  step explain-period "$bin" explain -w "$ws" "$kpi1" --period "${period1:-2026-W01}" --top 2
  step explain-segment-json "$bin" explain -w "$ws" "$kpi1" --segment "${segment1:-*}" --format json
  step explain-month "$bin" explain -w "$ws" "$kpi1" --grain month
  step explain-unknown "$bin" explain -w "$ws" no_such_kpi
  step explain-bad-period "$bin" explain -w "$ws" "$kpi1" --period 1999-W01
  rm -rf "$ws"
}

status=0
for example in support saas finance; do
  "$datagen" --example "$example" --rows "$rows" --seed 1 --out "$work/data-$example" >/dev/null
  run "$old" "$work/old-$example"
  run "$new" "$work/new-$example"
  if diff -r "$work/old-$example" "$work/new-$example" >"$work/diff-$example"; then
    echo "compare: $example: $(ls "$work/new-$example" | wc -l) outputs identical"
  else
    echo "compare: $example: outputs differ:"
    head -n 60 "$work/diff-$example"
    status=1
  fi
done
exit $status
