#!/usr/bin/env bash
# The dashboard of the release binary in headless Chromium (tests/browser/dashboard.mjs):
# a support workspace is generated, ingested, computed and alerted on, `northstar serve`
# starts on a free loopback port, and the browser opens the goal tree, a KPI, a segment,
# notes and closes an action item and opens the review, then opens a KPI share link
# (`northstar share`) where no token is kept, failing on any console error.
# Screenshots are kept in $NORTHSTAR_BUILD_DIR/dashboard-screenshots/.
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
[ -x /usr/bin/chromium ] || fail "/usr/bin/chromium missing: run scripts/install-deps.sh as root"
[ -d "$SRC/tests/browser/node_modules/puppeteer-core" ] || fail "tests/browser/node_modules missing: run scripts/install-deps.sh"

work=$(mktemp -d)
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
out=${NORTHSTAR_BUILD_DIR:-$work}/dashboard-screenshots
mkdir -p "$out"

ws=$work/support
mkdir -p "$ws"
cp -r "$SRC/examples/support/northstar.yaml" "$SRC/examples/support/catalog" "$ws/"
"$DATAGEN" --example support --rows 60000 --seed 11 --out "$ws/data" >/dev/null
"$BIN" ingest -w "$ws" >/dev/null 2>&1 || fail "ingest"
"$BIN" compute -w "$ws" --format csv >/dev/null || fail "compute"
# Late rows and edits restate some values (ringed on the chart).
"$BIN" ingest -w "$ws" tickets --file "$ws/data/tickets_late.csv" >/dev/null 2>&1 || fail "ingest late rows"
"$BIN" compute -w "$ws" --format csv >/dev/null || fail "compute after late rows"
"$BIN" actions -w "$ws" alert --all-periods --quiet >/dev/null 2>&1 || true
"$BIN" actions -w "$ws" list | grep -q '#' || fail "the alert run opened no action item to test with"
token=$("$BIN" token create -w "$ws" --role editor --name browser-test --owner head-of-support 2>/dev/null)

"$BIN" serve -w "$ws" --port 0 --quiet >"$work/serve.out" 2>"$work/serve.err" &
server_pid=$!
for _ in $(seq 1 100); do
  grep -q 'http://' "$work/serve.out" 2>/dev/null && break
  sleep 0.1
done
url=$(grep -o 'http://[0-9.:]*' "$work/serve.out") || fail "serve did not start: $(cat "$work/serve.err")"
share=$("$BIN" share -w "$ws" --kpi first_response_30m --url "$url" 2>/dev/null | head -1)
case "$share" in "$url/#share="*"&kpi=first_response_30m") ;; *) fail "share printed '$share'" ;; esac

node "$SRC/tests/browser/dashboard.mjs" "$url" "$token" "$out" "$share"

kill -TERM "$server_pid"
wait "$server_pid" || fail "serve did not stop cleanly on SIGTERM"
server_pid=
grep -q 'stopped' "$work/serve.err" || fail "serve did not report its stop"
echo "dashboard_browser: ok (screenshots in $out)"
