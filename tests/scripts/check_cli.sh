#!/usr/bin/env bash
# `northstar check` and `northstar init` end to end: a broken workspace exits 1 with
# parseable JSON naming the rule; `init` output checks clean (exit 0, no warnings);
# init never overwrites; --update-lock records definitions and catches a change
# without change_reason.
set -euo pipefail
bin=${NORTHSTAR_BIN:?set NORTHSTAR_BIN}
src=${NORTHSTAR_SOURCE_DIR:?set NORTHSTAR_SOURCE_DIR}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# A broken case: exit 1, JSON parses and reports the rule at its line.
set +e
"$bin" check -w "$src/tests/catalogs/missing-owner" --format json >"$work/broken.json"
status=$?
set -e
[ "$status" -eq 1 ] || fail "broken workspace: exit $status, want 1"
python3 - "$work/broken.json" <<'PY' || fail "broken workspace: bad JSON"
import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["errors"] >= 1, doc
rules = {(d["file"], d["line"], d["severity"], d["rule"]) for d in doc["diagnostics"]}
assert ("catalog/kpis.yaml", 2, "error", "missing-owner") in rules, rules
for d in doc["diagnostics"]:
    assert set(d) == {"file", "line", "column", "severity", "rule", "message", "hint"}, d
PY

# Text output: file:line:col: error [rule]: message, a hint, a summary.
set +e
"$bin" check -w "$src/tests/catalogs/missing-owner" >"$work/broken.txt"
set -e
grep -q '^catalog/kpis.yaml:2:5: error \[missing-owner\]: ' "$work/broken.txt" || fail "text format: $(cat "$work/broken.txt")"
grep -q '^  hint: ' "$work/broken.txt" || fail "no hint line"
grep -q '^northstar check: 1 error, 0 warnings$' "$work/broken.txt" || fail "summary: $(tail -1 "$work/broken.txt")"

# init: a clean workspace.
"$bin" init "$work/ws" >/dev/null
"$bin" check -w "$work/ws" >"$work/init.txt" || fail "init output does not check: $(cat "$work/init.txt")"
[ "$(tail -1 "$work/init.txt")" = "northstar check: 0 errors, 0 warnings" ] || fail "init output: $(cat "$work/init.txt")"
(cd "$work/ws" && "$bin" check --format json) | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d == {"errors": 0, "warnings": 0, "diagnostics": []}, d' || fail "init json"
# ... that ships its lock, and a guard that can fire (a guard needs a direction).
test -s "$work/ws/northstar.lock" || fail "init wrote no northstar.lock"
awk '/- id: reopen_rate/ { m = 1 } m && /direction: lower_is_better/ { found = 1 } END { exit !found }' \
  "$work/ws/catalog/kpis.yaml" || fail "init: the guard reopen_rate has no direction"
# A formula change without a change_reason is an error against the shipped lock.
sed 's/formula: share(reopened)/formula: share(reopened and not is_spam)/' "$work/ws/catalog/kpis.yaml" >"$work/k.yaml"
cp -r "$work/ws" "$work/ws_changed" && cp "$work/k.yaml" "$work/ws_changed/catalog/kpis.yaml"
if "$bin" check -w "$work/ws_changed" >"$work/changed.txt" 2>&1; then fail "a changed formula without a reason passed check"; fi
grep -q 'change' "$work/changed.txt" || fail "no change_reason error: $(cat "$work/changed.txt")"
# The catalog's frequency words work as --grain values.
"$bin" compute -w "$work/ws" --grain weekly --no-write --format csv >"$work/weekly.csv" || fail "--grain weekly"
"$bin" compute -w "$work/ws" --grain week --no-write --format csv >"$work/week.csv" || fail "--grain week"
cmp -s "$work/weekly.csv" "$work/week.csv" || fail "--grain weekly differs from --grain week"
if "$bin" compute -w "$work/ws" --grain fortnight --no-write 2>/dev/null; then fail "--grain fortnight accepted"; fi

# init refuses to overwrite.
cp "$work/ws/northstar.yaml" "$work/before.yaml"
if "$bin" init "$work/ws" 2>/dev/null; then fail "init overwrote an existing workspace"; fi
cmp -s "$work/ws/northstar.yaml" "$work/before.yaml" || fail "northstar.yaml changed"

# --update-lock, then a formula change without a reason is an error until one is given.
"$bin" check -w "$work/ws" --update-lock >/dev/null 2>&1 || fail "update-lock"
[ -f "$work/ws/northstar.lock" ] || fail "no northstar.lock"
sed -i 's/formula: share(reopened)/formula: share(reopened and not is_spam)/' "$work/ws/catalog/kpis.yaml"
set +e
"$bin" check -w "$work/ws" >"$work/changed.txt"
status=$?
"$bin" check -w "$work/ws" --update-lock >/dev/null 2>&1
lock_status=$?
set -e
[ "$status" -eq 1 ] || fail "changed formula without reason: exit $status"
grep -q 'error \[missing-change-reason\]' "$work/changed.txt" || fail "no missing-change-reason: $(cat "$work/changed.txt")"
[ "$lock_status" -eq 1 ] || fail "update-lock accepted a change without reason"
sed -i 's/formula: share(reopened and not is_spam)/formula: share(reopened and not is_spam)\n    change_reason: exclude spam/' "$work/ws/catalog/kpis.yaml"
"$bin" check -w "$work/ws" >/dev/null || fail "change with reason still fails"
"$bin" check -w "$work/ws" --update-lock >/dev/null 2>&1 || fail "update-lock after reason"
grep -A1 '"reopen_rate"' "$work/ws/northstar.lock" | grep -q '"version": 2' || fail "version not bumped: $(cat "$work/ws/northstar.lock")"

echo "check_cli: ok"
