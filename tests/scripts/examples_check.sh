#!/usr/bin/env bash
# The shipped example workspaces are clean: `northstar check` finds no errors in any of
# them (exit 0) and no warnings either, so `northstar init` users start from a catalog
# that passes its own lint.
set -euo pipefail
BIN="${NORTHSTAR_BIN:?}"
SRC="${NORTHSTAR_SOURCE_DIR:?}"
fail() { echo "FAIL: $*" >&2; exit 1; }
for example in support saas finance; do
  ws="$SRC/examples/$example"
  out="$("$BIN" check -w "$ws" 2>&1)" || { echo "$out" >&2; fail "check -w examples/$example exited non-zero"; }
  if grep -qiE '(^|[^a-z])(error|warning)[: \[]' <<<"$out"; then
    echo "$out" >&2
    fail "examples/$example has diagnostics"
  fi
done
echo "examples check: ok"
