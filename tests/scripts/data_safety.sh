#!/usr/bin/env bash
# Data safety under damage and hostile input, as a user meets it (SPEC §7):
#  - a row with an empty key is rejected ("empty key"), on every ingest, never stored;
#  - a `from:` path outside the workspace is refused without printing the file, and
#    `allowed_paths:` opens a folder;
#  - a FIFO source is refused instead of hanging;
#  - rows dated outside `limits: time_range` are rejected;
#  - reject-file cells that a spreadsheet would run as formulas start with ';
#  - a store that lost CURRENT is an error for compute and ingest, and its segments stay;
#  - a read-only results database is one error and a non-zero exit;
#  - `check` rejects source ids that are no safe names and invalid UTF-8 (file:line);
#  - `verify` passes a sound workspace and names a damaged segment and a lost CURRENT.
set -euo pipefail
NS="${NORTHSTAR_BIN:?}"
WORK="$(mktemp -d)"
trap 'chmod -R u+w "$WORK"; rm -rf "$WORK"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
expect_in() { grep -qF -- "$1" "$2" || { echo "--- $2:" >&2; cat "$2" >&2; fail "missing: $1"; }; }
expect_not_in() { ! grep -qF -- "$1" "$2" || { echo "--- $2:" >&2; cat "$2" >&2; fail "unexpected: $1"; }; }

WS="$WORK/ws"
mkdir -p "$WS/data" "$WS/catalog" "$WORK/outside"
echo 'root:$6$TOPSECRET:19000:0:99999:7:::' >"$WORK/outside/shadow"
cat >"$WS/northstar.yaml" <<'EOF'
workspace: safety
timezone: UTC
sources:
  tickets:
    from: csv:data/tickets.csv
    key: ticket_id
    time: created_at
    columns: {ticket_id: string, created_at: timestamp, channel: string}
EOF
cat >"$WS/catalog/kpis.yaml" <<'EOF'
metrics:
  - id: ticket_count
    name: Tickets
    source: tickets
    formula: count()
EOF
cat >"$WS/data/tickets.csv" <<'EOF'
ticket_id,created_at,channel
t1,2026-03-02T09:00:00Z,email
,2026-03-02T10:00:00Z,chat
t3,0001-01-01T00:00:00Z,email
t4,2026-03-03T09:00:00Z,=1+2
t5,9999-12-31T00:00:00Z,email
EOF

# ---- empty key and time range: rejected, with reasons; twice the same ----
for round in 1 2; do
  "$NS" ingest -w "$WS" --format json >"$WORK/ingest.json" 2>"$WORK/ingest.err" || fail "ingest $round"
  python3 - "$WORK/ingest.json" <<'PY' || fail "ingest counts, round $round"
import json, sys
s = json.load(open(sys.argv[1]))["sources"][0]
reasons = [r["reason"] for r in s["rejects"]]
assert (s["rows_read"], s["rows_stored"], s["rows_rejected"]) == (5, 2, 3), s
assert reasons[0] == "empty key", reasons
assert "outside the accepted range" in reasons[1] and "outside the accepted range" in reasons[2], reasons
PY
done
"$NS" compute -w "$WS" --format csv --grain year --no-write >"$WORK/compute.csv" || fail "compute"
expect_in "ticket_count,2026,*,2" "$WORK/compute.csv"

# ---- reject file: a formula cell is neutralised ----
REJECTS=$(ls "$WS"/.northstar/rejects/tickets-*.csv | head -1)
[[ -n "$REJECTS" ]] || fail "no reject file"
expect_in "empty key" "$REJECTS"

cat >"$WS/data/formula.csv" <<'EOF'
ticket_id,created_at,channel
=1+2,not-a-time,x
EOF
"$NS" ingest -w "$WS" --file "$WS/data/formula.csv" tickets >/dev/null 2>&1 || fail "ingest --file formula"
NEWEST=$(ls -t "$WS"/.northstar/rejects/tickets-*.csv | head -1)
python3 - "$NEWEST" <<'PY' || fail "reject file cell not neutralised"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
assert rows and rows[-1]["raw"].startswith("'=1+2"), rows
PY

# ---- a path outside the workspace ----
WS2="$WORK/ws2"
mkdir -p "$WS2"
REL=$(python3 -c "import os,sys; print(os.path.relpath(sys.argv[1], sys.argv[2]))" "$WORK/outside/shadow" "$WS2")
cat >"$WS2/northstar.yaml" <<EOF
workspace: hostile
sources:
  secrets:
    from: csv:$REL
    key: user
    columns: {user: string}
EOF
if "$NS" ingest -w "$WS2" >"$WORK/out.txt" 2>&1; then fail "a file outside the workspace was ingested"; fi
expect_in "outside the workspace" "$WORK/out.txt"
expect_not_in "TOPSECRET" "$WORK/out.txt"
expect_not_in "root:" "$WORK/out.txt"
if "$NS" compute -w "$WS2" >"$WORK/out.txt" 2>&1; then :; fi
expect_not_in "TOPSECRET" "$WORK/out.txt"
# allowed_paths opens the folder (the header then does not match, which is fine here).
printf 'allowed_paths: [%s]\n' "$WORK/outside" >>"$WS2/northstar.yaml"
if "$NS" ingest -w "$WS2" >"$WORK/out.txt" 2>&1; then :; fi
expect_not_in "outside the workspace" "$WORK/out.txt"

# ---- a FIFO ----
mkfifo "$WS/data/pipe.csv"
set +e
timeout 60 "$NS" ingest -w "$WS" --file "$WS/data/pipe.csv" tickets >"$WORK/out.txt" 2>&1
code=$?
set -e
[[ $code -ne 124 ]] || fail "ingest of a FIFO hung"
[[ $code -ne 0 ]] || fail "a FIFO was ingested"
expect_in "not a regular file" "$WORK/out.txt"
rm "$WS/data/pipe.csv"

# ---- a read-only results database ----
"$NS" compute -w "$WS" >/dev/null 2>&1 || fail "compute before read-only"
chmod a-w "$WS/.northstar/results.db"
RUN=()
if [[ $(id -u) -eq 0 ]]; then
  # root writes read-only files: run as nobody (who may read, not write, the workspace).
  command -v setpriv >/dev/null || { echo "root without setpriv: skipping the read-only check"; RUN=(skip); }
  chmod -R a+rX "$WORK"
  chown -R 65534:65534 "$WS/.northstar"  # nobody's own results, but the file is read-only
  [[ ${#RUN[@]} -gt 0 ]] || RUN=(setpriv --reuid=65534 --regid=65534 --clear-groups)
fi
if [[ "${RUN[*]:-}" != skip ]]; then
  if "${RUN[@]}" "$NS" compute -w "$WS" --format csv >"$WORK/out.txt" 2>"$WORK/err.txt"; then
    cat "$WORK/err.txt" >&2
    fail "compute into a read-only database exited 0"
  fi
  [[ $(grep -c "results" "$WORK/err.txt") -eq 1 ]] || { cat "$WORK/err.txt" >&2; fail "not one clear error"; }
fi
chmod u+w "$WS/.northstar/results.db"

# ---- verify: clean, then a damaged segment ----
"$NS" verify -w "$WS" >"$WORK/out.txt" 2>&1 || { cat "$WORK/out.txt" >&2; fail "verify of a sound workspace"; }
expect_in "no damage" "$WORK/out.txt"
SEG=$(ls "$WS/.northstar/store/tickets/" | grep '^SEG-' | head -1)
cp "$WS/.northstar/store/tickets/$SEG" "$WORK/seg.bak"
python3 - "$WS/.northstar/store/tickets/$SEG" <<'PY'
import sys
p = sys.argv[1]
b = bytearray(open(p, "rb").read())
b[len(b) // 3] ^= 0x5A
open(p, "wb").write(bytes(b))
PY
if "$NS" verify -w "$WS" >"$WORK/out.txt" 2>&1; then fail "verify missed a damaged segment"; fi
expect_in "damaged: $WS/.northstar/store/tickets/$SEG" "$WORK/out.txt"
expect_in "northstar ingest tickets" "$WORK/out.txt"
expect_in "tickets" "$WORK/out.txt"
cp "$WORK/seg.bak" "$WS/.northstar/store/tickets/$SEG"

# ---- a store that lost CURRENT ----
SEGS_BEFORE=$(ls "$WS/.northstar/store/tickets" | grep -c '^SEG-')
rm "$WS/.northstar/store/tickets/CURRENT"
if "$NS" compute -w "$WS" --no-write >"$WORK/out.txt" 2>&1; then fail "compute read the raw file instead of the store"; fi
expect_in "CURRENT" "$WORK/out.txt"
printf 'ticket_id,created_at,channel\nt9,2026-03-04T09:00:00Z,email\n' >"$WORK/batch.csv"
if "$NS" ingest -w "$WS" --file "$WORK/batch.csv" tickets >"$WORK/out.txt" 2>&1; then
  fail "ingest into a store that lost CURRENT succeeded"
fi
expect_in "CURRENT" "$WORK/out.txt"
if "$NS" verify -w "$WS" >"$WORK/out.txt" 2>&1; then fail "verify missed the lost CURRENT"; fi
expect_in "CURRENT is missing" "$WORK/out.txt"
SEGS_AFTER=$(ls "$WS/.northstar/store/tickets" | grep -c '^SEG-')
[[ "$SEGS_AFTER" -eq "$SEGS_BEFORE" && "$SEGS_AFTER" -gt 0 ]] || fail "segments deleted: $SEGS_BEFORE -> $SEGS_AFTER"

# ---- check: unsafe source ids and invalid UTF-8 ----
WS3="$WORK/ws3"
mkdir -p "$WS3/catalog"
cat >"$WS3/northstar.yaml" <<'EOF'
workspace: ids
sources:
  ../x:
    from: csv:data/x.csv
    columns: {id: int}
EOF
printf 'metrics:\n  - id: m\n    name: "bad \xff name"\n    source: ../x\n    formula: count()\n' >"$WS3/catalog/m.yaml"
if "$NS" check -w "$WS3" >"$WORK/out.txt" 2>&1; then fail "check passed an unsafe source id"; fi
expect_in "northstar.yaml:3" "$WORK/out.txt"
expect_in "not a safe name" "$WORK/out.txt"
expect_in "catalog/m.yaml:3" "$WORK/out.txt"
expect_in "invalid-utf8" "$WORK/out.txt"
"$NS" check -w "$WS3" --format json >"$WORK/out.json" 2>/dev/null || true
python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$WORK/out.json" || fail "check --format json is not JSON"

echo "data safety: ok"
