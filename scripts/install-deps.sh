#!/usr/bin/env bash
# Installs the Debian packages Northstar builds and tests with. Idempotent: only
# missing packages are installed, so a second run costs a dpkg query.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git ca-certificates tzdata
  clang clang-format clang-tidy libclang-rt-14-dev
  libyaml-cpp-dev nlohmann-json3-dev libsimdjson-dev libcli11-dev
  libfmt-dev libspdlog-dev libhowardhinnant-date-dev libabsl-dev libfast-float-dev
  libzstd-dev liblz4-dev libsqlite3-dev sqlite3 libpq-dev libcpp-httplib-dev libsodium-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  postgresql chromium
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing packages: ${missing[*]}" >&2
  echo "install-deps: run as root (or install them with apt-get) and retry" >&2
  exit 1
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
