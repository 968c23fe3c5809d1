#!/usr/bin/env bash
# The finance example end to end: generate data, ingest, compute, then judge and act.
# Asserts the planted effects of docs/examples.md (finance): the price step (F4) is a
# favourable signal of net_profit_margin and gross_margin in 2026-01; the opex
# deviation (F5) alerts on opex_ratio in 2026-06, recovers in 2026-07 and its action is
# judged `worked`; the cash slump (F6) alerts on operating_cash_flow in 2026-08 while
# net_profit_margin stays on track; and the quiet stretch 2025-07, 2025-09..12 (baseline of
# at least 8 months, before the step) raises no alert and flags nothing.
set -euo pipefail  # no `grep -q` at the end of a pipe: its early exit fails the pipe (SIGPIPE)

# The example as a user runs it: the release binary when the build names one (these
# commands run under the sanitizers in the unit and CLI tests, ten times slower).
BIN=${NORTHSTAR_RELEASE_BIN:-${NORTHSTAR_BIN:?NORTHSTAR_BIN must point at the northstar binary}}
SRC=${NORTHSTAR_SOURCE_DIR:?}
DATAGEN=${NORTHSTAR_DATAGEN:-$(dirname "$BIN")/northstar-datagen}
ROWS=200000  # absolute targets (operating cash flow) assume this size (docs/examples.md)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ws=$work/finance
cp -r "$SRC/examples/finance" "$ws"
rm -rf "$ws/data" "$ws/.northstar"
"$DATAGEN" --example finance --rows "$ROWS" --seed 1 --out "$ws/data" >/dev/null

fail() { echo "FAIL: $*" >&2; exit 1; }

"$BIN" ingest -w "$ws" >"$work/ingest.log" 2>&1 || { cat "$work/ingest.log" >&2; fail "ingest"; }
"$BIN" compute -w "$ws" --format csv >/dev/null 2>"$work/compute.log" || { cat "$work/compute.log" >&2; fail "compute"; }

"$BIN" status -w "$ws" --format csv --all-periods >"$work/status.csv"
row() { grep "^$1,$2,$3," "$work/status.csv" || true; }
field() { echo "$1" | awk -F, -v n="$2" '{print $n}'; }

# F4: price increase from 2026-01, a favourable signal of both margins.
for kpi in net_profit_margin gross_margin; do
  r=$(row $kpi 2026-01 '\*')
  [ "$(field "$r" 6)" = on_track ] || fail "F4 $kpi status: $r"
  field "$r" 10 | grep beyond_limits >/dev/null || fail "F4 $kpi signal: $r"
done

# F5: opex x1.6 in 2026-06.
r=$(row opex_ratio 2026-06 '\*')
[ "$(field "$r" 6)" = off_track ] || fail "F5 status: $r"
field "$r" 10 | grep beyond_limits >/dev/null || fail "F5 signal: $r"
r=$(row opex_ratio 2026-07 '\*')
[ "$(field "$r" 6)" = on_track ] || fail "F5 back on track in 2026-07: $r"

# F6: receipts x0.8 in 2026-08 while profit is fine.
r=$(row operating_cash_flow 2026-08 '\*')
[ "$(field "$r" 6)" = off_track ] || fail "F6 status: $r"
field "$r" 10 | grep beyond_limits >/dev/null || fail "F6 signal: $r"
r=$(row net_profit_margin 2026-08 '\*')
[ "$(field "$r" 6)" = on_track ] || fail "F6 profit stays on track: $r"

# Quiet stretch: nothing flagged for the whole population in 2025-07..2025-12.
flagged=$(grep -E '^[a-z_]+,2025-(0[7-9]|1[0-2]),\*,' "$work/status.csv" | grep -E 'gaming_risk|masked_segment' || true)
[ -z "$flagged" ] || fail "gaming or masking in the quiet stretch: $flagged"

"$BIN" actions -w "$ws" alert --all-periods --today 2026-11-23 --quiet --format json >"$work/alerts.json"
alerts=$ws/.northstar/alerts.jsonl
test -s "$alerts" || fail "alerts.jsonl not written"
grep '"kind":"signal"' "$alerts" | grep '"kpi":"opex_ratio"' | grep '"period":"2026-06"' >/dev/null || fail "F5: no alert for opex_ratio 2026-06"
grep '"kind":"recovered"' "$alerts" | grep '"kpi":"opex_ratio"' | grep '"period":"2026-07"' >/dev/null ||
  fail "F5: no recovery message for opex_ratio in 2026-07"
grep '"kind":"signal"' "$alerts" | grep '"kpi":"operating_cash_flow"' | grep '"period":"2026-08"' >/dev/null ||
  fail "F6: no alert for operating_cash_flow 2026-08"
# 2025-08 is left out: that month net_profit_margin falls 9.7 pp (software 22 % -> 8 %),
# opex_ratio and gross_margin move with it, beyond the limits of 8-month baselines once
# the partial first month (2024-11) no longer widens them. Not planted, but not noise
# either for those limits; the stretch checked is 2025-07 and 2025-09..12.
quiet=$(grep -v '"kind":"recovered"' "$alerts" | grep -E '"period":"2025-(0[79]|1[0-2])"' || true)
[ -z "$quiet" ] || fail "alerts in the quiet stretch 2025-07..12: $quiet"

"$BIN" actions -w "$ws" list --all >"$work/items.txt"
grep -qE '^#[0-9]+ +judged \(worked\) +opex_ratio \* 2026-06 ' "$work/items.txt" ||
  fail "F5 verdict: $(grep 'opex_ratio' "$work/items.txt" || true)"
echo "PASS: finance planted effects found; quiet stretch quiet"
