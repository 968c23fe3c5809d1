#!/usr/bin/env bash
# SPEC §10 from the command line, on a workspace with planted answers (80 complete
# weeks, generated here with a fixed seed):
#   a  leads b by 3 weeks under a trend both share        -> analyze finds lag 3, leads
#   c  shares only the trend with b (a decoy, typed leading) -> no significant lead, and
#      `check --with-data` warns leading-does-not-lead for c (and not for a)
#   line  rises by exactly 2 a week (plus ±0.05)          -> status projects the line to
#      its goal's deadline, inside the 80 % interval, on target with high probability
# plus the errors: unknown KPI, too few periods, a KPI with itself.
set -euo pipefail
bin=${NORTHSTAR_RELEASE_BIN:-${NORTHSTAR_BIN:?set NORTHSTAR_BIN}}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

ws="$work/ws"
mkdir -p "$ws/catalog" "$ws/data"
cat >"$ws/northstar.yaml" <<'YAML'
workspace: planted
timezone: UTC
sources:
  m:
    from: csv:data/m.csv
    key: id
    time: at
    columns: {id: int, at: timestamp, kind: string, value: float}
YAML
kpi() {  # id timing formula-kind target goal drivers
  cat <<YAML
  - id: $1
    name: Planted series $1
    goal: $5
    type: {horizon: operational, timing: $2, nature: quantitative}
    source: m
    formula: sum(value where kind = '$3')
    unit: count
    direction: higher_is_better
    frequency: weekly
    review: weekly
    owner: analyst
    target: {value: $4}
    drivers: [$6]
    on_deviation:
      - {do: Look at the planted data, who: analyst}
YAML
}
{
  cat <<'YAML'
goals:
  - id: grow
    statement: Grow the planted series by 2026-12-31
    owner: analyst
    deadline: 2026-12-31
kpis:
YAML
  kpi a leading a 100 grow ""
  kpi b lagging b 50 grow "a, c"
  kpi c leading c 30 grow ""
  kpi line lagging line 200 grow ""
} >"$ws/catalog/kpis.yaml"

python3 - "$ws/data/m.csv" <<'PY'
import math, random, sys, datetime
rnd = random.Random(20261205)
weeks = 80
start = datetime.date(2025, 1, 6)  # a Monday: week 2025-W02
noise_a, ar = [], 0.0
for t in range(weeks + 3):
    ar = 0.5 * ar + rnd.gauss(0, 2)
    noise_a.append(ar)
rows, n = [], 0
def row(day, kind, value):
    global n
    n += 1
    rows.append(f"{n},{day.isoformat()}T12:00:00Z,{kind},{value:.6f}")
for t in range(weeks):
    day = start + datetime.timedelta(weeks=t, days=2)
    trend = 0.5 * t
    row(day, "a", 100 + trend + noise_a[t + 3])
    row(day, "b", 50 + trend + 0.9 * noise_a[t] + rnd.gauss(0, 0.5))  # a, three weeks later
    row(day, "c", 30 + trend + rnd.gauss(0, 2))
    row(day, "line", 10 + 2 * t + (0.05 if t % 2 else -0.05))
# One row in the week after: every planted week is complete.
row(start + datetime.timedelta(weeks=weeks, days=1), "a", 1)
with open(sys.argv[1], "w") as f:
    f.write("id,at,kind,value\n" + "\n".join(rows) + "\n")
PY

"$bin" ingest -w "$ws" >/dev/null || fail "ingest"
"$bin" compute -w "$ws" >/dev/null || fail "compute"

# --- lead-lag ----------------------------------------------------------------------------
"$bin" analyze leadlag a b -w "$ws" --max-lag 5 --format json >"$work/ab.json" || fail "analyze a b"
python3 - "$work/ab.json" <<'PY' || fail "a -> b: $(cat "$work/ab.json")"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["leading"] == "a" and r["lagging"] == "b" and r["grain"] == "week", r
assert r["periods"] == 79, r["periods"]  # the first week starts on a Wednesday: partial
assert r["best_lag"] == 3, r["best_lag"]
assert r["significant"] is True and r["leads"] is True, r
assert r["p_value"] < 0.001 and r["correlation"] > 0.5, r
assert [l["lag"] for l in r["lags"]] == [0, 1, 2, 3, 4, 5], r["lags"]
assert "leads b by 3 weeks" in r["verdict"], r["verdict"]
PY
"$bin" analyze leadlag c b -w "$ws" --max-lag 5 --format json >"$work/cb.json" || fail "analyze c b"
python3 - "$work/cb.json" <<'PY' || fail "decoy c -> b: $(cat "$work/cb.json")"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["significant"] is False and r["leads"] is False, r
PY
"$bin" analyze leadlag a b -w "$ws" --max-lag 5 >"$work/ab.txt" || fail "analyze text"
grep -q "^a leads b by 3 weeks" "$work/ab.txt" || fail "text verdict: $(cat "$work/ab.txt")"
grep -q "lag 3 .*<- best" "$work/ab.txt" || fail "text best lag: $(cat "$work/ab.txt")"

# Errors name what is wrong and exit non-zero.
if "$bin" analyze leadlag a nope -w "$ws" 2>"$work/err"; then fail "unknown KPI accepted"; fi
grep -q "no KPI or metric 'nope'" "$work/err" || fail "unknown KPI message: $(cat "$work/err")"
if "$bin" analyze leadlag a a -w "$ws" 2>"$work/err"; then fail "a KPI with itself accepted"; fi
if "$bin" analyze leadlag a b -w "$ws" --grain month --max-lag 9 2>"$work/err"; then fail "17 months, lag 9 accepted"; fi
grep -q "max lag" "$work/err" || fail "too-few-periods message: $(cat "$work/err")"

# --- check --with-data: the decoy typed leading is flagged, the real lead is not ----------
"$bin" check -w "$ws" --with-data --format json >"$work/check.json" || fail "check --with-data: $(cat "$work/check.json")"
python3 - "$work/check.json" <<'PY' || fail "leading-does-not-lead: $(cat "$work/check.json")"
import json, sys
r = json.load(open(sys.argv[1]))
flagged = [d for d in r["diagnostics"] if d["rule"] == "leading-does-not-lead"]
assert len(flagged) == 1, flagged
assert "'c' does not lead 'b'" in flagged[0]["message"], flagged
assert flagged[0]["file"] == "catalog/kpis.yaml" and flagged[0]["severity"] == "warning", flagged
PY

# --- status: forecast of the line, goal score ---------------------------------------------
"$bin" status -w "$ws" --format json >"$work/status.json" || fail "status"
python3 - "$work/status.json" <<'PY' || fail "status forecast: $(cat "$work/status.json")"
import json, sys, datetime
s = json.load(open(sys.argv[1]))
assert set(s) == {"goals", "objectives"}, s.keys()
goal = s["goals"][0]
assert goal["id"] == "grow" and goal["goals"] == [], goal["id"]
cards = {k["kpi"]: k for k in goal["kpis"]}
line = cards["line"]
assert line["period"] == "2026-W29", line["period"]  # week 79 after 2025-W02
f = line["forecast"]
# 2026-12-31 is in 2026-W53: 24 weeks after 2026-W29; the line there is 10 + 2 * (79 + 24).
assert f["deadline"] == "2026-12-31" and f["deadline_period"] == "2026-W53", f
assert f["horizon"] == 24, f
truth = 10 + 2 * (79 + 24)
assert abs(f["projected"] - truth) < 0.5, (f["projected"], truth)
lo, hi = f["interval_80"]
assert lo <= truth <= hi and hi - lo < 5, (lo, hi)
assert f["target"] == 200 and f["probability_on_target"] > 0.99, f
# line's value 10 + 2 * 79 = 168 against 200: 1 - 32/200.
assert abs(line["score"] - (1 - (200 - line["value"]) / 200)) < 1e-12, line
scored = [k["score"] for k in goal["kpis"] if k["score"] is not None]
assert abs(goal["score"] - sum(scored) / len(scored)) < 1e-12, goal
PY
"$bin" status -w "$ws" >"$work/status.txt" || fail "status text"
grep -q "by 2026-W53: " "$work/status.txt" || fail "status text forecast: $(cat "$work/status.txt")"
echo "ok"
