#!/usr/bin/env bash
# Incremental refresh equals a full recompute. On a copy of examples/support (20 000
# generated tickets), eight random batches are ingested one after another, each a mix
# of new rows on new days, late rows in old weeks, edits of existing rows (values
# changed, some moved to another day) and, in one batch, a new channel value. After
# each, `northstar compute` (which refreshes only the periods whose rows changed) must
# print exactly what `northstar compute --full --no-write` prints, byte for byte, for
# all grains and for --grain week; and the refresh path must actually have been taken.
# A changed workspace file (time zone) must force a full compute.
set -euo pipefail
# The release binary when there is one: this script's many computes are what users run,
# and the engine's code paths are covered under the sanitizers by the unit tests.
bin=${NORTHSTAR_RELEASE_BIN:-${NORTHSTAR_BIN:?set NORTHSTAR_BIN}}
src=${NORTHSTAR_SOURCE_DIR:?set NORTHSTAR_SOURCE_DIR}
build=${NORTHSTAR_BUILD_DIR:?set NORTHSTAR_BUILD_DIR}
gen="$build/northstar-datagen"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

ws="$work/support"
mkdir -p "$ws"
cp -r "$src/examples/support/northstar.yaml" "$src/examples/support/catalog" "$ws/"
# Series functions reach into neighbouring periods: a changed week moves later values.
cat >"$ws/catalog/series.yaml" <<'YAML'
metrics:
  - id: tickets_growth
    name: Week-over-week growth of tickets
    source: tickets
    formula: growth(count())
    unit: ratio
    frequency: weekly
    segments: [channel]
  - id: reopen_trend
    name: Reopened tickets, average of the last three weeks against two weeks back
    source: tickets
    formula: rolling_avg(count(reopened), 3) - prev(count(reopened), 2)
    unit: tickets
    frequency: weekly
    segments: [region]
YAML
"$gen" --example support --rows 20000 --seed 5 --out "$ws/data" >/dev/null
"$bin" ingest -w "$ws" >/dev/null || fail "first ingest"

# batch.py TICKETS OUT SEED: a random batch of new, late and edited tickets.
cat >"$work/batch.py" <<'PY'
import csv, random, sys
tickets, out, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
rnd = random.Random(seed)
with open(tickets, newline='') as f:
    rows = list(csv.reader(f))
header, rows = rows[0], rows[1:]
col = {name: i for i, name in enumerate(header)}
def shift_day(ts, day):  # replace the day of an ISO timestamp, keeping the rest
    return ts[:8] + '%02d' % day + ts[10:]
batch = []
for k in range(rnd.randint(5, 60)):
    row = list(rnd.choice(rows[len(rows) // 10:]))  # not the first weeks: the first day stays put
    kind = rnd.random()
    if kind < 0.4:    # edit an existing ticket
        row[col['channel']] = rnd.choice(['email', 'chat', 'phone', 'web'])
        row[col['reopened']] = rnd.choice(['true', 'false'])
        if rnd.random() < 0.5:
            row[col['created_at']] = shift_day(row[col['created_at']], rnd.randint(1, 28))
    elif kind < 0.7:  # a late ticket in an old week
        row[col['ticket_id']] = str(10**9 + seed * 1000 + k)
    else:             # a ticket on a day after the last one
        row[col['ticket_id']] = str(2 * 10**9 + seed * 1000 + k)
        row[col['created_at']] = '2026-12-%02dT09:%02d:00+01:00' % (seed + 1, rnd.randint(0, 59))
        row[col['first_reply_at']] = rnd.choice(['', '2026-12-%02dT12:00:00Z' % (seed + 1)])
    if seed == 6 and k == 0:
        row[col['channel']] = 'carrier-pigeon'  # a new segment value: a full compute is needed
    batch.append(row)
with open(out, 'w', newline='') as f:
    w = csv.writer(f)
    w.writerow(header)
    w.writerows(batch)
PY

"$bin" compute -w "$ws" --format csv >/dev/null || fail "first compute"
refreshed=0
for seed in 1 2 3 4 5 6 7 8; do
  python3 "$work/batch.py" "$ws/data/tickets.csv" "$work/batch$seed.csv" "$seed"
  "$bin" ingest tickets -w "$ws" --file "$work/batch$seed.csv" >/dev/null || fail "ingest batch $seed"
  for grain in "" week; do
    args=(compute -w "$ws" --format csv)
    [ -n "$grain" ] && args+=(--grain "$grain")
    "$bin" "${args[@]}" --explain-refresh >"$work/inc.csv" 2>"$work/inc.err" || fail "compute: $(cat "$work/inc.err")"
    "$bin" "${args[@]}" --full --no-write >"$work/full.csv" 2>/dev/null || fail "full compute"
    [ "$(wc -l <"$work/full.csv")" -gt 100 ] || fail "too few values: $(wc -l <"$work/full.csv")"
    if ! cmp -s "$work/inc.csv" "$work/full.csv"; then
      diff "$work/inc.csv" "$work/full.csv" | head -5 >&2 || true
      fail "batch $seed, grain '${grain:-all}': refresh differs from a full compute ($(cat "$work/inc.err"))"
    fi
    grep -qE 'days? changed' "$work/inc.err" && refreshed=$((refreshed + 1))
    if [ "$seed" = 6 ] && [ -z "$grain" ]; then
      grep -q 'full compute (the values of segment' "$work/inc.err" || fail "a new channel did not force a full compute: $(cat "$work/inc.err")"
    fi
  done
  echo "batch $seed: $(wc -l <"$work/batch$seed.csv") rows, $(cat "$work/inc.err")"
done
[ "$refreshed" -ge 8 ] || fail "the refresh path was taken only $refreshed times"
# Nothing changed since the last compute: nothing is recomputed, the output is the same.
"$bin" compute -w "$ws" --format csv --explain-refresh >"$work/again.csv" 2>"$work/again.err"
grep -q 'nothing changed' "$work/again.err" || fail "no-change compute: $(cat "$work/again.err")"
"$bin" compute -w "$ws" --format csv --full --no-write >"$work/full.csv" 2>/dev/null
cmp -s "$work/again.csv" "$work/full.csv" || fail "no-change output differs from a full compute"
# Tickets of one new day each, every batch its own store segment: a weekly refresh
# decodes only the segments that can hold a day of the weeks it recomputes.
python3 - "$ws/data/tickets.csv" "$work" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline='')))
header, rows = rows[0], rows[1:]
col = {name: i for i, name in enumerate(header)}
for k, day in enumerate(['2027-01-11', '2027-01-18']):
    with open('%s/day%d.csv' % (sys.argv[2], k), 'w', newline='') as f:
        w = csv.writer(f)
        w.writerow(header)
        for j, row in enumerate(rows[1000:1200]):
            row = list(row)
            row[col['ticket_id']] = str(3 * 10**9 + k * 1000 + j)
            row[col['created_at']] = '%sT10:%02d:00+01:00' % (day, j % 60)
            row[col['first_reply_at']] = '%sT12:00:00Z' % day if j % 3 else ''
            row[col['resolved_at']] = ''
            w.writerow(row)
PY
for k in 0 1; do
  "$bin" ingest tickets -w "$ws" --file "$work/day$k.csv" >/dev/null || fail "ingest day $k"
  "$bin" compute -w "$ws" --format csv --grain week --explain-refresh >"$work/inc.csv" 2>"$work/inc.err" ||
    fail "compute: $(cat "$work/inc.err")"
  "$bin" compute -w "$ws" --format csv --grain week --full --no-write >"$work/full.csv" 2>/dev/null
  cmp -s "$work/inc.csv" "$work/full.csv" || fail "new day $k: refresh differs from a full compute ($(cat "$work/inc.err"))"
  read -r rows_read rows_all < <(sed -n 's/.* from \([0-9]*\) of \([0-9]*\) rows.*/\1 \2/p' "$work/inc.err")
  [ -n "${rows_read:-}" ] || fail "new day $k: not refreshed: $(cat "$work/inc.err")"
  # Day 1's refresh recomputes its week and the week before (the days the data grew
  # by), reading three weeks further back for the series functions: back to
  # 2026-12-21, after every earlier ticket. So it reads the 2 x 200 new tickets only.
  if [ "$k" = 1 ] && [ "$rows_read" -gt 400 ]; then
    fail "new day $k: the refresh read $rows_read of $rows_all rows, expected 400"
  fi
  echo "new day $k: $(cat "$work/inc.err")"
done
# A changed workspace file (here the time zone: every period moves) is never refreshed.
sed -i 's#^timezone: .*#timezone: America/New_York#' "$ws/northstar.yaml"
grep -q '^timezone: America/New_York' "$ws/northstar.yaml" || fail "could not change the time zone"
"$bin" compute -w "$ws" --format csv --explain-refresh >"$work/tz.csv" 2>"$work/tz.err" || fail "compute after zone change"
grep -q 'full compute' "$work/tz.err" || fail "a time zone change was refreshed: $(cat "$work/tz.err")"
"$bin" compute -w "$ws" --format csv --full --no-write >"$work/full.csv" 2>/dev/null
cmp -s "$work/tz.csv" "$work/full.csv" || fail "output after the zone change differs from a full compute"
echo "incremental refresh: $refreshed refreshes equal to full computes"
