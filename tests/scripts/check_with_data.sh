#!/usr/bin/env bash
# `northstar check --with-data` on a copy of examples/support: before any compute it only
# notes "run northstar compute first" (exit 0); after `northstar compute` the shipped
# targets pass; a target far beyond what the history makes plausible (an average first
# response of 1 working minute where the process runs near 18) is an
# `implausible-target` warning with the numbers, at the target's line, in text and
# JSON, and still exit 0 (warnings do not fail check).
set -euo pipefail
# The release binary when the build names one, as a user runs it (the sanitizer build
# runs `check` in the CLI tests).
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
[ -x "$gen" ] || fail "no generator at $gen"
"$gen" --example support --rows 20000 --seed 7 --out "$ws/data" >/dev/null

# No results yet: a note, not an error, and no database is created.
"$bin" check -w "$ws" --with-data >"$work/before.txt" || fail "check --with-data before compute: $(cat "$work/before.txt")"
grep -q 'note \[implausible-target\]: .*run `northstar compute` first' "$work/before.txt" ||
  fail "no 'compute first' note: $(cat "$work/before.txt")"
[ ! -e "$ws/.northstar/results.db" ] || fail "check --with-data created the results database"

"$bin" compute -w "$ws" --format csv >"$work/values.csv" 2>"$work/compute.err" ||
  fail "compute: $(cat "$work/compute.err")"

# The shipped targets are within reach of the generated history.
"$bin" check -w "$ws" --with-data >"$work/after.txt" || fail "check --with-data after compute: $(cat "$work/after.txt")"
if grep -q 'warning \[implausible-target\]' "$work/after.txt"; then
  fail "shipped targets flagged: $(cat "$work/after.txt")"
fi
grep -q 'run `northstar compute` first' "$work/after.txt" && fail "still asks for compute: $(cat "$work/after.txt")"

# An implausible target: 1 working minute. A target change does not change the
# definition, so the computed values still apply.
line=$(grep -n 'target: {value: 20}' "$ws/catalog/kpis.yaml" | cut -d: -f1)
[ "$(wc -w <<<"$line")" = 1 ] || fail "avg_first_response_minutes target not found once in the example: $line"
sed -i "${line}s/target: {value: 20}/target: {value: 1}/" "$ws/catalog/kpis.yaml"
"$bin" check -w "$ws" --with-data >"$work/far.txt" || fail "warnings must not fail check: $(cat "$work/far.txt")"
grep -q "^catalog/kpis.yaml:${line}:[0-9]*: warning \[implausible-target\]: KPI 'avg_first_response_minutes' asks for 1 but the natural process limits are " "$work/far.txt" ||
  fail "no implausible-target warning for avg_first_response_minutes at line $line: $(cat "$work/far.txt")"
for part in 'baseline mean ' 'sigma' 'a change of -' 'the goal.s deadline 2027-03-31'; do
  grep "implausible-target" "$work/far.txt" | grep -q "$part" || fail "message lacks '$part': $(cat "$work/far.txt")"
done
"$bin" check -w "$ws" --with-data --format json >"$work/far.json" || fail "json run failed"
python3 - "$work/far.json" <<'PY' || fail "json: $(cat "$work/far.json")"
import json, sys
doc = json.load(open(sys.argv[1]))
hits = [d for d in doc["diagnostics"] if d["rule"] == "implausible-target"]
assert len(hits) == 1 and hits[0]["severity"] == "warning" and "'avg_first_response_minutes'" in hits[0]["message"], hits
assert doc["errors"] == 0, doc
PY
# Without --with-data the data rule does not run.
"$bin" check -w "$ws" >"$work/plain.txt" || true
grep -q 'implausible-target' "$work/plain.txt" && fail "data rule ran without --with-data"
echo "check --with-data: ok"
