#!/usr/bin/env bash
# Renders `northstar review` with headless Chromium and checks the screenshot is a
# plausible, non-blank PNG. The workspace's results are written straight into the
# results database (the review reads nothing else), so this test does not depend on
# ingest or compute. The PNG is kept as $NORTHSTAR_BUILD_DIR/review_screenshot.png.
set -euo pipefail

BIN=${NORTHSTAR_BIN:?NORTHSTAR_BIN must point at the northstar binary}
OUT_PNG=${NORTHSTAR_BUILD_DIR:-/tmp}/review_screenshot.png
CHROMIUM=/usr/bin/chromium

if [ ! -x "$CHROMIUM" ]; then
  if [ "$(id -u)" -eq 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
  else
    echo "review_screenshot: $CHROMIUM missing; run scripts/install-deps.sh as root" >&2
    exit 1
  fi
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ws=$work/ws
mkdir -p "$ws/catalog" "$ws/.northstar"

cat >"$ws/northstar.yaml" <<'YAML'
workspace: screenshot
timezone: UTC
sources:
  tickets:
    from: csv:data/tickets.csv
    key: id
    time: at
    columns: {id: int, at: timestamp, region: string}
YAML
cat >"$ws/catalog/kpis.yaml" <<'YAML'
goals:
  - id: fast
    statement: Answer fast without losing quality by 2027-01-01
    level: team
    owner: head
    deadline: 2027-01-01
kpis:
  - id: speed
    name: Share answered within 30 minutes
    goal: fast
    source: tickets
    type: {horizon: operational, timing: leading, nature: quantitative}
    formula: count()
    unit: ratio
    direction: higher_is_better
    frequency: weekly
    review: weekly
    owner: head
    target: {value: 0.8}
    guards: [quality]
    on_deviation:
      - {do: Add a shift during peak hours, who: lead, review_after: 14d}
  - id: quality
    name: Reopen rate
    goal: fast
    source: tickets
    formula: count()
    unit: ratio
    direction: lower_is_better
    frequency: weekly
    review: weekly
    owner: quality-lead
    target: {value: 0.15}
    on_deviation:
      - {do: Coach agents on reopened tickets, who: quality-lead, review_after: 14d}
YAML

# 60 weeks (2025-W01 .. 2026-W08) and 14 months; speed dips in 2026-W06 and quality
# jumps in 2026-W07 while speed jumps (a gaming pattern).
{
  echo "BEGIN;"
  echo "CREATE TABLE IF NOT EXISTS definition_versions (kpi TEXT NOT NULL, version INTEGER NOT NULL, hash TEXT NOT NULL, definition TEXT NOT NULL, change_reason TEXT NOT NULL, created_at TEXT NOT NULL, PRIMARY KEY (kpi, version));"
  echo "CREATE TABLE IF NOT EXISTS kpi_values (kpi TEXT NOT NULL, grain TEXT NOT NULL, period TEXT NOT NULL, segment TEXT NOT NULL, version INTEGER NOT NULL, value REAL, rows INTEGER NOT NULL, computed_at TEXT NOT NULL, PRIMARY KEY (kpi, grain, period, segment, version)) WITHOUT ROWID;"
  for k in speed quality; do
    echo "INSERT INTO definition_versions VALUES ('$k', 1, 'h', 'count()', '', '2026-01-01T00:00:00Z');"
  done
  awk 'BEGIN {
    for (i = 0; i < 60; i++) {
      y = (i < 52) ? 2025 : 2026; w = (i < 52) ? i + 1 : i - 51;
      p = sprintf("%d-W%02d", y, w);
      s = 0.83 + 0.01 * sin(i * 2.1 + 0.3); q = 0.08 + 0.005 * sin(i * 2.1 + 1.3);
      if (i == 57) s = 0.62;
      if (i == 58) { s = 0.97; q = 0.24 }
      printf "INSERT INTO kpi_values VALUES (\"speed\", \"week\", \"%s\", \"*\", 1, %.6f, 1000, \"x\");\n", p, s;
      printf "INSERT INTO kpi_values VALUES (\"quality\", \"week\", \"%s\", \"*\", 1, %.6f, 1000, \"x\");\n", p, q;
    }
    for (i = 0; i < 14; i++) {
      y = (i < 12) ? 2025 : 2026; m = (i < 12) ? i + 1 : i - 11;
      p = sprintf("%d-%02d", y, m);
      printf "INSERT INTO kpi_values VALUES (\"speed\", \"month\", \"%s\", \"*\", 1, %.6f, 4000, \"x\");\n", p, 0.82 + 0.01 * sin(i * 1.7);
      printf "INSERT INTO kpi_values VALUES (\"quality\", \"month\", \"%s\", \"*\", 1, %.6f, 4000, \"x\");\n", p, 0.09 + 0.004 * sin(i * 1.7);
    }
  }'
  echo "COMMIT;"
} | sqlite3 "$ws/.northstar/results.db"

"$BIN" review -w "$ws" --period 2026-W07 --today 2026-02-20 --out "$work/out" >"$work/review.md"
grep -q '^## Gaming risks' "$work/review.md"
grep -q 'speed improved' "$work/review.md" || { echo "FAIL: gaming risk missing from the review" >&2; cat "$work/review.md" >&2; exit 1; }
grep -q '^# Weekly review — 2026-W07' "$work/review.md" || { echo "FAIL: review not titled by its grain" >&2; exit 1; }
# Ratios read as percentages: quality 0.24 against 0.15.
grep -q 'quality\*\* 2026-W07 = 24 % (target 15 %' "$work/review.md" || { echo "FAIL: ratio not shown in percent" >&2; cat "$work/review.md" >&2; exit 1; }
test -s "$work/out/review.html"

timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$work/profile" --hide-scrollbars \
  --window-size=1280,1800 --screenshot="$work/review.png" "file://$work/out/review.html" >/dev/null 2>&1 || true

test -s "$work/review.png" || { echo "FAIL: chromium wrote no screenshot" >&2; exit 1; }
magic=$(head -c 8 "$work/review.png" | od -An -tx1 | tr -d ' \n')
[ "$magic" = "89504e470d0a1a0a" ] || { echo "FAIL: not a PNG ($magic)" >&2; exit 1; }
# Width and height from the IHDR chunk.
width=$((16#$(dd if="$work/review.png" bs=1 skip=16 count=4 2>/dev/null | od -An -tx1 | tr -d ' \n')))
height=$((16#$(dd if="$work/review.png" bs=1 skip=20 count=4 2>/dev/null | od -An -tx1 | tr -d ' \n')))
size=$(stat -c %s "$work/review.png")
echo "screenshot ${width}x${height}, $size bytes"
[ "$width" -eq 1280 ] && [ "$height" -eq 1800 ] || { echo "FAIL: unexpected size ${width}x${height}" >&2; exit 1; }
# A blank 1280x1800 page compresses to a few KB; charts, text and badges need far more.
[ "$size" -gt 40000 ] || { echo "FAIL: screenshot looks blank ($size bytes)" >&2; exit 1; }
[ "$size" -lt 20000000 ] || { echo "FAIL: screenshot implausibly large" >&2; exit 1; }
cp "$work/review.png" "$OUT_PNG"
echo "PASS: review rendered ($OUT_PNG)"
