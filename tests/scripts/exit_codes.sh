#!/usr/bin/env bash
# Exit codes and error messages, end to end (docs/errors.md): real commands driven into
# each error kind exit with that kind's code, and stderr ends in the one form
#   northstar COMMAND: error: MESSAGE
#     hint: HINT            (optional)
# with exactly one such error line. --help and --version exit 0 and print no error.
set -euo pipefail
bin=${NORTHSTAR_BIN:?set NORTHSTAR_BIN}
work=$(mktemp -d)
holder=""
cleanup() {
  if [[ -n "$holder" ]]; then kill "$holder" 2>/dev/null || true; fi
  chmod -R u+w "$work" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# expect CODE COMMAND ARGS...: runs `northstar ARGS...` and checks the exit code, that
# stderr has exactly one error line, of COMMAND, and that every line after it is
# indented (the message's detail lines and the hint).
expect() {
  local want=$1 command=$2
  shift 2
  local code=0
  "${RUN[@]}" "$bin" "$@" >"$work/out" 2>"$work/err" || code=$?
  [[ "$code" == "$want" ]] || { cat "$work/err" >&2; fail "northstar $*: exit $code, want $want"; }
  local prefix="northstar${command:+ $command}: error: "
  local errors
  errors=$(grep -c "^northstar[a-z ]*: error: " "$work/err" || true)
  [[ "$errors" == 1 ]] || { cat "$work/err" >&2; fail "northstar $*: $errors error lines, want 1"; }
  local line
  line=$(grep "^northstar[a-z ]*: error: " "$work/err")
  [[ "$line" == "$prefix"* ]] || { cat "$work/err" >&2; fail "northstar $*: error line is not '$prefix...'"; }
  # Only indented lines follow it.
  if sed -n "/^northstar[a-z ]*: error: /,\$p" "$work/err" | tail -n +2 | grep -qv '^  '; then
    cat "$work/err" >&2
    fail "northstar $*: unindented lines after the error line"
  fi
}
RUN=()

# ---- success that CLI11 reports as an exception: --help, --version ---------------
for args in "--help" "compute --help" "actions close --help" "--version"; do
  # shellcheck disable=SC2086
  "$bin" $args >"$work/out" 2>"$work/err" || fail "northstar $args exited $?"
  [[ -s "$work/out" ]] || fail "northstar $args printed nothing"
  [[ ! -s "$work/err" ]] || fail "northstar $args wrote to stderr: $(cat "$work/err")"
done

# ---- usage: 2 ---------------------------------------------------------------------
"$bin" init "$work/ws" >/dev/null
ws=$work/ws
expect 2 compute compute -w "$ws" --bogus
grep -qx '  hint: run `northstar compute --help` for its flags and arguments' "$work/err" ||
  fail "usage hint: $(cat "$work/err")"
expect 2 "" -w "$ws"                           # no command at all
expect 2 "actions close" actions close         # missing argument
expect 2 "actions close" actions close abc     # argument of the wrong type
expect 2 compute compute -w "$ws" --grain fortnight
expect 2 compute compute -w "$ws" --from 2026-W99
expect 2 explain explain first_response_30m -w "$ws" --grain fortnight
expect 2 review review -w "$ws" --today 2026-13-01
expect 2 "actions alert" actions -w "$ws" alert --grain fortnight
expect 2 ingest ingest -w "$ws" --file "$ws/data/tickets.csv"   # --file without SOURCE

# ---- not_found: 4 -----------------------------------------------------------------
for command in compute check ingest status explain verify review actions; do
  args=("$command" -w "$work/nowhere")
  [[ "$command" == explain ]] && args+=(first_response_30m)
  expect 4 "$command" "${args[@]}"
  grep -q "no northstar.yaml in $work/nowhere" "$work/err" || fail "$command: message: $(cat "$work/err")"
done
# check --format json still prints a document for machines, and exits the same.
"$bin" check -w "$work/nowhere" --format json >"$work/out" 2>/dev/null && fail "check of nothing exited 0"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["errors"] == 1, d' "$work/out" ||
  fail "check --format json of a missing workspace: $(cat "$work/out")"
expect 4 status status -w "$ws"                # nothing computed yet
"$bin" compute -w "$ws" >/dev/null 2>&1 || fail "compute of the init workspace"
expect 4 explain explain no_such_kpi -w "$ws"
expect 4 explain explain first_respons_30m -w "$ws"
grep -q "did you mean 'first_response_30m'" "$work/err" || fail "explain: no suggestion: $(cat "$work/err")"
expect 4 compute compute -w "$ws" --kpi no_such_kpi
expect 4 ingest ingest tickts -w "$ws"
expect 4 "actions close" actions -w "$ws" close 999

# ---- conflict: 5 ------------------------------------------------------------------
expect 5 init init "$ws"                       # never overwrites
"$bin" ingest -w "$ws" >/dev/null 2>&1 || fail "ingest of the init workspace"
python3 - "$ws/.northstar/store/LOCK" "$work/locked" <<'PY' &
import fcntl, sys, time
lock = open(sys.argv[1], "a")
fcntl.flock(lock, fcntl.LOCK_EX)   # stands in for another ingest
open(sys.argv[2], "w").close()
time.sleep(120)
PY
holder=$!
for _ in $(seq 200); do [[ -e "$work/locked" ]] && break; sleep 0.05; done
[[ -e "$work/locked" ]] || fail "could not take the store's lock"
expect 5 ingest ingest tickets -w "$ws" --file "$ws/data/tickets.csv"
grep -q "is locked by process" "$work/err" || fail "lock message: $(cat "$work/err")"
kill "$holder"
wait "$holder" 2>/dev/null || true
holder=""
"$bin" ingest tickets -w "$ws" --file "$ws/data/tickets.csv" >/dev/null 2>&1 || fail "ingest after the lock is free"

# ---- findings: 1 (check errors) and invalid_input: 3 (the same catalog elsewhere) ---
bad=$work/bad
cp -r "$ws" "$bad"
sed -i 's/formula: share(reopened)/formula: share(reopend)/' "$bad/catalog/kpis.yaml"
code=0
"$bin" check -w "$bad" >"$work/out" 2>"$work/err" || code=$?
[[ "$code" == 1 ]] || fail "check of a bad catalog: exit $code, want 1"
grep -q 'reopend' "$work/out" || fail "check does not name the unknown column: $(cat "$work/out")"
expect 3 compute compute -w "$bad"
grep -q 'reopend' "$work/err" || fail "compute does not list the catalog error: $(cat "$work/err")"
# A catalog that does not load (a misspelt key) stops the commands reading results too.
cp -r "$ws" "$work/bad2"
sed -i 's/formula: share(reopened)/formla: share(reopened)/' "$work/bad2/catalog/kpis.yaml"
code=0
"$bin" check -w "$work/bad2" >"$work/out" 2>"$work/err" || code=$?
[[ "$code" == 1 ]] || fail "check of a misspelt key: exit $code, want 1"
expect 3 status status -w "$work/bad2"
grep -q 'formla' "$work/err" || fail "status does not name the key: $(cat "$work/err")"

# ---- damaged_store: 7 (and verify's findings: 1) -------------------------------------
damaged=$work/damaged
cp -r "$ws" "$damaged"
rm "$damaged/.northstar/store/tickets/CURRENT"
expect 7 compute compute -w "$damaged" --no-write
grep -q 'CURRENT' "$work/err" || fail "compute does not name CURRENT: $(cat "$work/err")"
grep -qx '  hint: `northstar verify` names every damaged file and how to recover it' "$work/err" ||
  fail "damaged store: no hint: $(cat "$work/err")"
expect 7 ingest ingest tickets -w "$damaged" --file "$ws/data/tickets.csv"
code=0
"$bin" verify -w "$damaged" >"$work/out" 2>&1 || code=$?
[[ "$code" == 1 ]] || fail "verify of a damaged store: exit $code, want 1"
grep -q '^damaged: .*CURRENT' "$work/out" || fail "verify does not name CURRENT: $(cat "$work/out")"

# ---- io_error: 8 (a read-only results database) -------------------------------------
"$bin" compute -w "$ws" >/dev/null 2>&1 || fail "compute before read-only"
chmod a-w "$ws/.northstar/results.db"
RUN=()
if [[ $(id -u) -eq 0 ]]; then
  # root writes read-only files: run as nobody (who may read, not write, the workspace).
  if command -v setpriv >/dev/null; then
    chmod -R a+rX "$work"
    chown -R 65534:65534 "$ws/.northstar"
    RUN=(setpriv --reuid=65534 --regid=65534 --clear-groups)
  else
    echo "root without setpriv: skipping the read-only check"
    RUN=(skip)
  fi
fi
if [[ "${RUN[*]:-}" != skip ]]; then
  expect 8 compute compute -w "$ws"
  grep -q 'results' "$work/err" || fail "read-only results: message: $(cat "$work/err")"
fi
RUN=()

echo "exit_codes: ok"
