#!/usr/bin/env bash
# `northstar ingest` as a user runs it: exit codes, the printed identity
# `rows read = stored + rejected`, the reject file (line numbers), an edited row on
# re-ingest, a `--file` batch with a late row, whole-source errors (missing file,
# missing column) that commit nothing, `--report --format json`, and the two public
# data sets in ../shared/data/external with their row counts.
set -euo pipefail
NS="${NORTHSTAR_BIN:?}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
expect_in() { grep -qF -- "$1" "$2" || { echo "--- $2:" >&2; cat "$2" >&2; fail "missing: $1"; }; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

# ------------------------------------------------------------- a workspace ----
WS="$WORK/ws"
mkdir -p "$WS/data"
cat > "$WS/northstar.yaml" <<'EOF'
workspace: ingest-test
timezone: Europe/Berlin
sources:
  tickets:
    from: csv:data/tickets.csv
    key: ticket_id
    time: created_at
    columns: {ticket_id: int, created_at: timestamp, channel: string, csat: int}
  events:
    from: jsonl:data/events.jsonl
    key: id
    time: at
    columns: {id: int, at: timestamp, kind: string}
EOF
cat > "$WS/data/tickets.csv" <<'EOF'
ticket_id,created_at,channel,csat
1,2026-03-02T09:00:00Z,email,5
2,2026-03-02T10:00:00Z,chat,4
3,not-a-time,email,3
4,2026-03-03T09:00:00Z,phone,x
5,2026-03-03T10:00:00Z,email,2
5,2026-03-03T11:00:00Z,email,1
6,2026-03-04T09:00:00Z,"chat, web",5
EOF
printf '%s\n' '{"id":1,"at":"2026-03-02T08:00:00Z","kind":"open"}' '{"id":2,"at":"2026-03-02T09:00:00Z"' \
  '' '{"id":3,"at":"2026-03-03T09:00:00Z","kind":"close"}' > "$WS/data/events.jsonl"

# First ingest: every source, rejects are reported but not fatal.
"$NS" ingest -w "$WS" > "$WORK/out1.txt" 2> "$WORK/err1.txt" || fail "first ingest exited $?"
expect_in "rows read 7 = stored 5 + rejected 2" "$WORK/out1.txt"
expect_in "rows read 3 = stored 2 + rejected 1" "$WORK/out1.txt"
expect_in "4 inserted, 0 edited, 0 unchanged, 1 duplicates in batch" "$WORK/out1.txt"
expect_in "touched periods: 3 days 2026-03-02..2026-03-04 (weeks 2026-W10)" "$WORK/out1.txt"
expect_in "line 4, created_at: " "$WORK/out1.txt"
expect_in "line 5, csat: " "$WORK/out1.txt"
expect_in "warning: duplicate_keys: 1 row repeats a key" "$WORK/out1.txt"
expect_in "5 (lines 6, 7)" "$WORK/out1.txt"
expect_in "line 2: malformed JSON" "$WORK/out1.txt"  # the JSONL line that is not an object

# The reject files: one per source with rejects, columns file,line,column,reason,raw.
REJ="$(ls "$WS"/.northstar/rejects/tickets-*.csv)"
[ "$(wc -l < "$REJ")" = 3 ] || fail "tickets reject file should hold a header and 2 rows"
python3 - "$REJ" <<'EOF' || fail "reject file content"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline='')))
assert list(rows[0].keys()) == ['file', 'line', 'column', 'reason', 'raw'], rows[0].keys()
assert [(r['line'], r['column']) for r in rows] == [('4', 'created_at'), ('5', 'csat')], rows
assert rows[0]['file'] == 'data/tickets.csv', rows[0]
assert rows[0]['raw'] == '3,not-a-time,email,3', rows[0]
assert 'not-a-time' in rows[0]['reason'], rows[0]
EOF
grep -qF "$(basename "$REJ")" "$WORK/out1.txt" || fail "the reject file's path is not printed"
ls "$WS"/.northstar/rejects/events-*.csv > /dev/null || fail "no reject file for events"

# Re-ingest after an edit of ticket 2: one edit, the rest unchanged.
sed -i 's/^2,2026-03-02T10:00:00Z,chat,4$/2,2026-03-02T10:00:00Z,chat,1/' "$WS/data/tickets.csv"
"$NS" ingest tickets -w "$WS" --format json > "$WORK/out2.json" || fail "re-ingest exited $?"
[ "$(json 'd["sources"][0]["edited"]' < "$WORK/out2.json")" = 1 ] || fail "the changed row is not an edit"
[ "$(json 'd["sources"][0]["unchanged"]' < "$WORK/out2.json")" = 3 ] || fail "unchanged rows"
[ "$(json 'd["sources"][0]["inserted"]' < "$WORK/out2.json")" = 0 ] || fail "nothing is new"
[ "$(json 'd["sources"][0]["rows_read"] == d["sources"][0]["rows_stored"] + d["sources"][0]["rows_rejected"]' \
  < "$WORK/out2.json")" = True ] || fail "identity in JSON"
[ "$(json '[f["examples"] for f in d["sources"][0]["quality"]["findings"] if f["kind"] == "edits"][0]' \
  < "$WORK/out2.json")" = "['2']" ] || fail "the edit names ticket 2"
# Ticket 2's day (2026-03-02) is older than the newest stored day: its edit is late.
[ "$(json '[f["count"] for f in d["sources"][0]["quality"]["findings"] if f["kind"] == "late_rows"][0]' \
  < "$WORK/out2.json")" = 1 ] || fail "the edit on an old day is a late row"

# --file: a batch appended to a source; one new day, one late row.
cat > "$WORK/batch.csv" <<'EOF'
ticket_id,created_at,channel,csat,agent
7,2026-03-05T09:00:00Z,email,4,ann
8,2026-03-02T15:00:00Z,chat,3,bob
EOF
"$NS" ingest tickets --file "$WORK/batch.csv" -w "$WS" > "$WORK/out3.txt" || fail "--file exited $?"
expect_in "tickets ($WORK/batch.csv)" "$WORK/out3.txt"
expect_in "rows read 2 = stored 2 + rejected 0" "$WORK/out3.txt"
expect_in "2 inserted, 0 edited" "$WORK/out3.txt"
expect_in "warning: late_rows: 1 row landed on 1 day" "$WORK/out3.txt"
expect_in "warning: schema_drift: input columns changed — new since the previous ingest: agent" "$WORK/out3.txt"

# --report: the stored state, as JSON that parses.
"$NS" ingest --report --format json -w "$WS" > "$WORK/report.json" || fail "--report exited $?"
python3 -c 'import json,sys; json.load(sys.stdin)' < "$WORK/report.json" || fail "--report json does not parse"
[ "$(json '[s["rows"] for s in d["sources"]]' < "$WORK/report.json")" = "[6, 2]" ] || fail "stored rows per source"
[ "$(json 'd["sources"][0]["last_ingest"]["rows_read"]' < "$WORK/report.json")" = 2 ] || fail "last ingest"
"$NS" ingest --report -w "$WS" > "$WORK/report.txt" || fail "--report text exited $?"
expect_in "tickets: 6 rows, days 2026-03-02..2026-03-05" "$WORK/report.txt"
expect_in "warning: stale: newest row is from 2026-03-05T09:00:00Z" "$WORK/report.txt"

# A usage error exits 2; an unknown source is not_found, 4 (docs/errors.md).
set +e
"$NS" ingest --file "$WORK/batch.csv" -w "$WS" > /dev/null 2> "$WORK/err.txt"; code=$?
set -e
[ "$code" = 2 ] || fail "--file without SOURCE should exit 2, got $code"
expect_in "--file needs a SOURCE" "$WORK/err.txt"
set +e
"$NS" ingest tickts -w "$WS" > /dev/null 2> "$WORK/err.txt"; code=$?
set -e
[ "$code" = 4 ] || fail "an unknown source should exit 4 (not_found), got $code"
expect_in "did you mean 'tickets'" "$WORK/err.txt"

# ------------------ whole-source errors: the kind's exit code (docs/errors.md) ----
BAD="$WORK/bad"
mkdir -p "$BAD/data"
cp "$WS/data/tickets.csv" "$BAD/data/"
cat > "$BAD/northstar.yaml" <<'EOF'
workspace: ingest-errors
sources:
  gone:
    from: csv:data/missing.csv
    key: id
    columns: {id: int}
  regions:
    from: csv:data/tickets.csv
    key: ticket_id
    columns: {ticket_id: int, region: string}
EOF
# gone: its file is missing (not_found, 4); regions: a column is missing (invalid_input, 3).
for case in gone:4 regions:3; do
  source=${case%%:*} want=${case##*:}
  set +e
  "$NS" ingest "$source" -w "$BAD" > "$WORK/out.txt" 2> "$WORK/err.txt"; code=$?
  set -e
  [ "$code" = "$want" ] || fail "$source: a whole-source error should exit $want, got $code"
  [ "$(wc -l < "$WORK/err.txt")" = 1 ] || fail "$source: the error should be one line"
  grep -q "^northstar ingest: error: $source: " "$WORK/err.txt" || fail "$source: error form: $(cat "$WORK/err.txt")"
done
set +e; "$NS" ingest gone -w "$BAD" 2> "$WORK/err.txt"; set -e
expect_in "data/missing.csv" "$WORK/err.txt"
expect_in "check \`from:\` of source 'gone'" "$WORK/err.txt"
set +e; "$NS" ingest regions -w "$BAD" 2> "$WORK/err.txt"; set -e
expect_in "region" "$WORK/err.txt"
expect_in "data/tickets.csv" "$WORK/err.txt"
# Nothing was committed for either source.
if [ -d "$BAD/.northstar/store" ]; then
  "$NS" ingest --report --format json -w "$BAD" > "$WORK/bad.json"
  [ "$(json '[s.get("note") for s in d["sources"]]' < "$WORK/bad.json")" = "['never ingested', 'never ingested']" ] \
    || fail "a failed source left rows in the store"
fi

# ------------------------------------------ public data sets, as a user would ----
EXT="${NORTHSTAR_SOURCE_DIR:?}/../shared/data/external"
if [ ! -f "$EXT/telco/WA_Fn-UseC_-Telco-Customer-Churn.csv" ] || [ ! -f "$EXT/support/customer_support_tickets.csv" ]; then
  echo "SKIP: external data sets not found under $EXT"
  exit 0
fi
EW="$WORK/external"
mkdir -p "$EW"
cat > "$EW/northstar.yaml" <<EOF
workspace: external-data
timezone: UTC
allowed_paths: ["$EXT"]           # the data sets live outside this workspace
sources:
  customers:
    from: csv:$EXT/telco/WA_Fn-UseC_-Telco-Customer-Churn.csv
    key: customer
    columns:
      customer: {type: string, from: customerID}
      tenure: int
      contract: {type: string, from: Contract}
      monthly: {type: float, from: MonthlyCharges}
      total: {type: float, from: TotalCharges}
      churned: {type: bool, from: Churn}
    null_values: ["", " "]
  support:
    from: csv:$EXT/support/customer_support_tickets.csv
    key: ticket_id
    time: purchased
    columns:
      ticket_id: {type: int, from: Ticket ID}
      purchased: {type: timestamp, from: Date of Purchase, format: "%m/%d/%Y"}
      status: {type: string, from: Ticket Status}
      first_response: {type: timestamp, from: First Response Time, format: "%m/%d/%Y %H:%M"}
      resolved: {type: timestamp, from: Time to Resolution, format: "%m/%d/%Y %H:%M"}
      csat: {type: float, from: Customer Satisfaction Rating}
EOF
"$NS" ingest -w "$EW" --format json > "$WORK/ext.json" || fail "external ingest exited $?"
[ "$(json '[(s["source"], s["rows_read"], s["rows_stored"], s["rows_rejected"]) for s in d["sources"]]' \
  < "$WORK/ext.json")" = "[('customers', 7043, 7043, 0), ('support', 8469, 8469, 0)]" ] \
  || fail "external row counts: $(json '[(s["source"], s.get("rows_stored"), s.get("error")) for s in d["sources"]]' < "$WORK/ext.json")"
"$NS" ingest --report --format json -w "$EW" > "$WORK/ext-report.json"
[ "$(json '[s["rows"] for s in d["sources"]]' < "$WORK/ext-report.json")" = "[7043, 8469]" ] || fail "external stored rows"
echo "ok"
