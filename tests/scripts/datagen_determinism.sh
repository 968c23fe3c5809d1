#!/usr/bin/env bash
# northstar-datagen is deterministic and writes what docs/examples.md promises:
# same seed -> byte-identical files, another seed -> different files, the requested
# row counts, the malformed rows at their documented lines, the late batch's keys,
# and the planted volume step at week 40 (2025-09-01 with the default --end).
set -euo pipefail
GEN="${NORTHSTAR_DATAGEN_BIN:-${NORTHSTAR_BUILD_DIR:?}/northstar-datagen}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

digest() { (cd "$1" && sha256sum -- * | sort -k2); }

for example in support saas finance; do
  "$GEN" --example "$example" --rows 3000 --seed 7 --out "$WORK/$example-a"
  "$GEN" --example "$example" --rows 3000 --seed 7 --out "$WORK/$example-b"
  "$GEN" --example "$example" --rows 3000 --seed 8 --out "$WORK/$example-c"
  [ "$(digest "$WORK/$example-a")" = "$(digest "$WORK/$example-b")" ] || fail "$example: same seed gave different files"
  # Every file must change with the seed, not just one of them.
  for f in "$WORK/$example-a"/*; do
    name="$(basename "$f")"
    if cmp -s "$f" "$WORK/$example-c/$name"; then fail "$example: $name is identical for seeds 7 and 8"; fi
  done
done

lines() { wc -l < "$1" | tr -d ' '; }
# The main source holds exactly --rows data rows after its header.
[ "$(lines "$WORK/support-a/tickets.csv")" = 3001 ] || fail "tickets.csv rows"
[ "$(lines "$WORK/saas-a/visits.csv")" = 3001 ] || fail "visits.csv rows"
[ "$(lines "$WORK/finance-a/ledger.csv")" = 3001 ] || fail "ledger.csv rows"
[ "$(lines "$WORK/finance-a/bank_transactions.jsonl")" = 1500 ] || fail "bank_transactions.jsonl rows"
for f in customers.csv leads.csv spend.csv subscriptions.jsonl survey.csv; do
  [ "$(lines "$WORK/saas-a/$f")" -gt 1 ] || fail "saas $f is empty"
done
[ "$(lines "$WORK/saas-a/spend.csv")" = $((728 * 4 + 1)) ] || fail "spend.csv: one row per paid channel and day"

# Malformed rows, exactly where docs/examples.md says (file lines, header = line 1).
T="$WORK/support-a/tickets.csv"
sed -n '101p' "$T" | cut -d, -f2 | grep -qx '2025-13-32T25:61:00+01:00' || fail "line 101 is not the bad timestamp"
[ "$(sed -n '202p' "$T" | tr -cd ',' | wc -c)" = 4 ] || fail "line 202 is not the ragged row (5 fields)"
sed -n '303p' "$T" | sed 's/"[^"]*"//g' | cut -d, -f9 | grep -qx maybe || fail "line 303 is not the bad bool"
# ... and nowhere else: every other row has 13 fields and valid booleans.
bad_rows="$(sed 's/"[^"]*"/Q/g' "$T" | awk -F, 'NR > 1 && (NF != 13 || ($9 != "true" && $9 != "false")) {print NR}' | tr '\n' ' ')"
[ "$bad_rows" = "202 303 " ] || fail "unexpected malformed rows: $bad_rows"
[ "$(grep -c '2025-13-32' "$T")" = 1 ] || fail "more than one bad timestamp"

# Late batch: 20 new keys above --rows dated 2026-11-09..15, then 20 edits of existing keys.
L="$WORK/support-a/tickets_late.csv"
[ "$(lines "$L")" = 41 ] || fail "tickets_late.csv rows"
sed -n '2,21p' "$L" | awk -F, '$1 <= 3000 || substr($2, 1, 10) < "2026-11-09" || substr($2, 1, 10) > "2026-11-15" {exit 1}' ||
  fail "late rows must be new keys created in 2026-W46"
sed -n '22,41p' "$L" | cut -d, -f1 | while read -r key; do
  [ "$key" -le 3000 ] || fail "edit of unknown key $key"
  grep -q "^$key," "$T" || fail "edited key $key not in tickets.csv"
  created="$(grep "^$key," "$T" | cut -d, -f2 | cut -c1-10)"
  [[ "$created" > "2026-11-01" && "$created" < "2026-11-09" ]] || fail "edited key $key was created $created, not in 2026-W45"
done
# An edit is a new version: same key, reopened.
sed -n '22,41p' "$L" | sed 's/"[^"]*"/Q/g' | awk -F, '$11 != "true" || $12 != "no" {exit 1}' || fail "edits must reopen the ticket"

# The volume step at week 40: the week from 2025-09-01 has clearly more tickets than the week before.
"$GEN" --example support --rows 40000 --seed 3 --out "$WORK/step"
week_count() { cut -d, -f2 "$WORK/step/tickets.csv" | cut -c1-10 | awk -v a="$1" -v b="$2" '$1 >= a && $1 <= b' | wc -l; }
before="$(week_count 2025-08-25 2025-08-31)"
after="$(week_count 2025-09-01 2025-09-07)"
awk -v b="$before" -v a="$after" 'BEGIN {exit !(a > 1.15 * b)}' || fail "no volume step at 2025-09-01 ($before -> $after)"

# Arguments outside the contract are refused.
if "$GEN" --example support --rows 999 --out "$WORK/x" 2>/dev/null; then fail "--rows below 1000 accepted"; fi
if "$GEN" --example nope --out "$WORK/x" 2>/dev/null; then fail "unknown example accepted"; fi
if "$GEN" --example support --end 2026-02-30 --out "$WORK/x" 2>/dev/null; then fail "bad --end accepted"; fi
echo "datagen determinism: ok"
