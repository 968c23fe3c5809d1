#!/usr/bin/env bash
# Installs the Debian packages Northstar builds and tests with, then the npm packages
# of the dashboard (web/), the browser tests (tests/browser/) and the SQL parity test
# (tests/sql/: DuckDB) from their lock files. Idempotent: only what is missing is
# installed, so a second run costs a dpkg query and three file comparisons.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

packages=(
  build-essential cmake ninja-build pkg-config git ca-certificates tzdata
  clang clang-format clang-tidy libclang-rt-14-dev
  libyaml-cpp-dev nlohmann-json3-dev libsimdjson-dev libcli11-dev
  libfmt-dev libspdlog-dev libhowardhinnant-date-dev libabsl-dev libfast-float-dev
  libzstd-dev liblz4-dev libsqlite3-dev sqlite3 libpq-dev libcpp-httplib-dev libsodium-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  postgresql clickhouse-server clickhouse-client chromium wrk dpkg-dev python3
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

# Node.js and npm build the dashboard; Debian's own (node 18) will do when the machine
# has none.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  missing+=(nodejs npm)
fi

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-deps: missing packages: ${missing[*]}" >&2
    echo "install-deps: run as root (or install them with apt-get) and retry" >&2
    exit 1
  fi
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# npm packages, exactly as locked; again only when the lock changed since the last run.
for dir in web tests/browser tests/sql; do
  [ -f "$root/$dir/package-lock.json" ] || continue
  if ! cmp -s "$root/$dir/package-lock.json" "$root/$dir/node_modules/.northstar-lock" 2>/dev/null; then
    echo "install-deps: npm ci in $dir"
    (cd "$root/$dir" && npm ci --no-audit --no-fund --loglevel=error)
    cp "$root/$dir/package-lock.json" "$root/$dir/node_modules/.northstar-lock"
  fi
done
