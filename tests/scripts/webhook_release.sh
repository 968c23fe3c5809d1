#!/usr/bin/env bash
# Webhooks from the release binary (`make build`), against a python3 receiver on
# 127.0.0.1: the bodies are the real alert objects (the same as alerts.jsonl, not null),
# Slack text is escaped, every request carries a signature that verifies with Python's
# hmac, a receiver that fails keeps alerts unsent and the next run delivers them once,
# and every delivery is recorded in the results database.
#
# The release binary is what ships; a build-flag mismatch (cpp-httplib compiled without
# its library's defines) once broke only it. `make unit` / `make test` pass
# NORTHSTAR_RELEASE_BIN; a missing binary then fails. Run by hand without it: skipped.
set -euo pipefail

SRC=${NORTHSTAR_SOURCE_DIR:?}
if [ -z "${NORTHSTAR_RELEASE_BIN:-}" ]; then
  echo "SKIP: NORTHSTAR_RELEASE_BIN not set (make unit sets it)" >&2
  exit 77
fi
BIN=$NORTHSTAR_RELEASE_BIN
DATAGEN=$(dirname "$BIN")/northstar-datagen
fail() { echo "FAIL: $*" >&2; exit 1; }
[ -x "$BIN" ] || fail "no release binary at $BIN (run make build)"
[ -x "$DATAGEN" ] || fail "no release datagen at $DATAGEN (run make build)"

work=$(mktemp -d)
receiver_pid=
cleanup() {
  [ -n "$receiver_pid" ] && kill "$receiver_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

ws=$work/support
cp -r "$SRC/examples/support" "$ws"
rm -rf "$ws/data" "$ws/.northstar"
"$DATAGEN" --example support --rows "${WEBHOOK_ROWS:-60000}" --seed 1 --out "$ws/data" >/dev/null
"$BIN" ingest -w "$ws" >"$work/ingest.log" 2>&1 || { cat "$work/ingest.log" >&2; fail "ingest"; }
"$BIN" compute -w "$ws" >/dev/null 2>"$work/compute.log" || { cat "$work/compute.log" >&2; fail "compute"; }

# --- the receiver: logs every request; answers with the status in $work/status.<path> --
cat >"$work/receiver.py" <<'PY'
import http.server, json, os, sys
work = sys.argv[1]
class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        name = self.path.strip("/")
        with open(os.path.join(work, "received.jsonl"), "a") as f:
            f.write(json.dumps({"path": name, "body": body.decode("utf-8"),
                                "type": self.headers.get("Content-Type"),
                                "ts": self.headers.get("X-Northstar-Timestamp"),
                                "sig": self.headers.get("X-Northstar-Signature")}) + "\n")
        try:
            status = int(open(os.path.join(work, "status." + name)).read())
        except OSError:
            status = 200
        self.send_response(status)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")
    def log_message(self, *args):
        pass
server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
with open(os.path.join(work, "port.tmp"), "w") as f:
    f.write(str(server.server_port))
os.rename(os.path.join(work, "port.tmp"), os.path.join(work, "port"))
server.serve_forever()
PY
python3 "$work/receiver.py" "$work" &
receiver_pid=$!
for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.1; done
port=$(cat "$work/port") || fail "receiver did not start"

cat >>"$ws/northstar.yaml" <<YAML
alerts:
  retries: 2
  backoff_ms: 10
  webhooks:
    - url: http://127.0.0.1:$port/json
      format: json
      secret_env: NS_TEST_HOOK_SECRET
    - url: http://127.0.0.1:$port/slack
      format: slack
      secret_env: NS_TEST_HOOK_SECRET
      retries: 0
YAML
export NS_TEST_HOOK_SECRET='t0p-secret & <not in git>'
db=$ws/.northstar/results.db
alert() { "$BIN" actions -w "$ws" alert --all-periods --today 2026-11-23 --quiet --format json; }

# --- 1: the json receiver answers 503: nothing counts as sent, Slack gets everything ----
echo 503 >"$work/status.json"
rc=0
alert >"$work/run1.json" 2>"$work/run1.err" || rc=$?
# An undelivered alert is an I/O error (exit 8, docs/errors.md), reported in the one form.
[ "$rc" = 8 ] || { cat "$work/run1.err" >&2; fail "run 1 should exit 8 (not delivered), got $rc"; }
grep -q '^northstar actions alert: error: [0-9]* deliver' "$work/run1.err" ||
  { cat "$work/run1.err" >&2; fail "run 1: no error line naming the failed deliveries"; }
[ "$(sqlite3 "$db" 'SELECT COUNT(*) FROM alert_log')" = 0 ] || fail "run 1 marked alerts as sent"
sqlite3 "$db" "SELECT COUNT(*) FROM alert_deliveries WHERE sink LIKE '%/slack' AND accepted = 1" >"$work/slack1"
[ "$(cat "$work/slack1")" -gt 0 ] || fail "run 1: slack took nothing"

# --- 2: the receiver is back: every alert reaches it once --------------------------------
rm "$work/status.json"
alert >"$work/run2.json" 2>"$work/run2.err" || { cat "$work/run2.err" >&2; fail "run 2"; }
# --- 3: nothing is left to send ------------------------------------------------------
alert >"$work/run3.json" 2>"$work/run3.err" || { cat "$work/run3.err" >&2; fail "run 3"; }

python3 - "$work/received.jsonl" "$ws/.northstar/alerts.jsonl" "$db" "$work/run3.json" <<'PY' || fail "checks above"
import hashlib, hmac, json, os, sqlite3, sys, time
received = [json.loads(l) for l in open(sys.argv[1])]
jsonl = [json.loads(l) for l in open(sys.argv[2])]
db = sqlite3.connect(sys.argv[3])
secret = os.environ["NS_TEST_HOOK_SECRET"].encode()
errors = []
def check(cond, msg):
    if not cond: errors.append(msg)

# Signatures: HMAC-SHA256(secret, timestamp + "." + raw body), fresh timestamps.
for r in received:
    expect = "sha256=" + hmac.new(secret, (r["ts"] + "." + r["body"]).encode(), hashlib.sha256).hexdigest()
    check(r["sig"] is not None and hmac.compare_digest(r["sig"], expect), "bad signature on " + r["path"])
    check(abs(time.time() - int(r["ts"])) < 600, "stale timestamp " + r["ts"])
    check(r["type"] == "application/json", "content type " + str(r["type"]))

ok_json = [json.loads(r["body"]) for r in received if r["path"] == "json"]
slack = [json.loads(r["body"]) for r in received if r["path"] == "slack"]
check(len(jsonl) > 0, "no alerts at all")
# Every json body is an alert object, never null; accepted ones (run 2) equal alerts.jsonl.
check(all(isinstance(b, dict) and b.get("kpi") and b.get("period") and b.get("rules") for b in ok_json),
      "a json body is not an alert object: " + repr([b for b in ok_json if not isinstance(b, dict)][:1]))
check(len(ok_json) == 3 + len(jsonl), "json got %d posts for %d alerts (+3 refused)" % (len(ok_json), len(jsonl)))
accepted = ok_json[-len(jsonl):]
key = lambda b: json.dumps(b, sort_keys=True)
check(sorted(map(key, accepted)) == sorted(map(key, jsonl)),
      "json bodies differ from alerts.jsonl: %d bodies vs %d lines" % (len(accepted), len(jsonl)))
kinds = {b["kind"] for b in jsonl}
check("signal" in kinds and "recovered" in kinds, "kinds " + repr(kinds))
# Slack: once per alert (no duplicate after run 1), escaped text.
check(len(slack) == len(jsonl), "slack got %d posts for %d alerts" % (len(slack), len(jsonl)))
texts = [s.get("text", "") for s in slack]
check(len(set(texts)) == len(texts), "slack got an alert twice")
check(all(t.startswith("[ALERT] ") or t.startswith("[RECOVERED] ") for t in texts), "slack text")
check(not any("<" in t or ">" in t for t in texts), "unescaped < or > in slack text")

# Deliveries recorded: json failed with 503 in run 1 (one delivery tried 1 + 2 times, the
# rest not tried), then took each alert once; slack took each alert once.
rows = db.execute("SELECT sink, attempts, http_status, accepted, error, at FROM alert_deliveries").fetchall()
jrows = [r for r in rows if r[0].endswith("/json")]
srows = [r for r in rows if r[0].endswith("/slack")]
failed = [r for r in jrows if not r[3]]
check(failed and all(r[2] == 503 or (r[1] == 0 and r[2] == 0) for r in failed), "run 1 json rows " + repr(failed[:3]))
check(sorted(r[1] for r in failed if r[1] > 0) == [3], "json retries in run 1: " + repr([r[1] for r in failed][:5]))
check(all("503" in r[4] or "not tried" in r[4] for r in failed), "errors " + repr({r[4] for r in failed}))
check(sum(1 for r in jrows if r[3] and r[2] == 200) == len(jsonl), "json accepted rows")
check(len(srows) == len(jsonl) and all(r[3] and r[2] == 200 and r[1] == 1 for r in srows), "slack rows")
check(all(r[5].endswith("Z") and r[5][:2] == "20" for r in rows), "delivery times")
sent = db.execute("SELECT COUNT(*) FROM alert_log").fetchone()[0]
check(sent >= len(jsonl), "alert_log has %d keys for %d alerts" % (sent, len(jsonl)))
run3 = json.load(open(sys.argv[4]))
check(run3["alerts"] == [] and run3["deliveries"] == [], "run 3 sent again")
for e in errors:
    print("FAIL:", e, file=sys.stderr)
print("%d alerts, %d json posts (%d refused), %d slack posts" % (len(jsonl), len(ok_json), len(failed), len(slack)))
sys.exit(1 if errors else 0)
PY

# --- 4: the digest: one message per owner to each webhook, signed; Slack text escaped --
mv "$work/received.jsonl" "$work/alerts_received.jsonl"
"$BIN" digest -w "$ws" --today 2026-11-23 --format json >"$work/digest.json" 2>"$work/digest.err" ||
  { cat "$work/digest.err" >&2; fail "digest"; }
"$BIN" digest -w "$ws" --today 2026-11-23 --send >/dev/null 2>"$work/digest_send.err" ||
  { cat "$work/digest_send.err" >&2; fail "digest --send"; }
python3 - "$work/received.jsonl" "$work/digest.json" <<'PY' || fail "digest checks above"
import hashlib, hmac, json, os, sys
received = [json.loads(l) for l in open(sys.argv[1])]
printed = [json.loads(l) for l in open(sys.argv[2])]
secret = os.environ["NS_TEST_HOOK_SECRET"].encode()
errors = []
def check(cond, msg):
    if not cond: errors.append(msg)
owners = [d["owner"] for d in printed]
check(owners == sorted(set(owners)) and len(owners) >= 3, "owners " + repr(owners))
check(any(d["off_track"] or d["changed"] or d["actions_due"] for d in printed), "every digest is empty")
check(all(d["today"] == "2026-11-23" and d["workspace"] == "example-support" for d in printed), "header")
for r in received:
    expect = "sha256=" + hmac.new(secret, (r["ts"] + "." + r["body"]).encode(), hashlib.sha256).hexdigest()
    check(r["sig"] is not None and hmac.compare_digest(r["sig"], expect), "bad signature on a digest")
posted = [json.loads(r["body"]) for r in received if r["path"] == "json"]
slack = [json.loads(r["body"])["text"] for r in received if r["path"] == "slack"]
# What --send posts is what --format json prints, owner by owner.
check(posted == printed, "posted digests differ from the printed ones")
check(len(slack) == len(printed), "slack got %d digests for %d owners" % (len(slack), len(printed)))
check(all(t.startswith("*Northstar digest for ") for t in slack), "slack text")
check(not any("<" in t or ">" in t for t in slack), "unescaped < or > in a slack digest")
for e in errors:
    print("FAIL:", e, file=sys.stderr)
print("%d digests, each to json and slack" % len(printed))
sys.exit(1 if errors else 0)
PY
