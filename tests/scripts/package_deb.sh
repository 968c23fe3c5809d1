#!/usr/bin/env bash
# The .deb (`make package`) from the release build: CPack builds it, its Depends name
# Debian 12 packages that resolve (apt-get --simulate), it holds the binary, the
# systemd unit and the docs, and the unpacked binary runs.
set -euo pipefail

if [ -z "${NORTHSTAR_RELEASE_BIN:-}" ]; then
  echo "SKIP: NORTHSTAR_RELEASE_BIN not set (make unit sets it)" >&2
  exit 77
fi
fail() { echo "FAIL: $*" >&2; exit 1; }
release_dir=$(dirname "$NORTHSTAR_RELEASE_BIN")
command -v cpack >/dev/null || fail "cpack missing"
command -v dpkg-shlibdeps >/dev/null || fail "dpkg-shlibdeps missing: install dpkg-dev (scripts/install-deps.sh)"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$release_dir" && cpack -G DEB -B "$work" >"$work/cpack.log" 2>&1) || { cat "$work/cpack.log"; fail "cpack"; }
deb=$(ls "$work"/*.deb)
depends=$(dpkg-deb --field "$deb" Depends)
echo "Depends: $depends"
for lib in libsodium libsqlite3 libyaml-cpp libcpp-httplib; do
  grep -q "$lib" <<<"$depends" || fail "Depends lacks $lib"
done
apt-get install --simulate --no-install-recommends "$deb" >"$work/apt.log" 2>&1 || { cat "$work/apt.log"; fail "the package's dependencies do not resolve"; }

contents=$(dpkg-deb --contents "$deb")
for path in ./usr/bin/northstar ./usr/lib/systemd/system/northstar.service ./usr/share/doc/northstar/server.md; do
  grep -q " $path\$" <<<"$contents" || fail "the package lacks $path"
done
dpkg-deb -x "$deb" "$work/root"
"$work/root/usr/bin/northstar" --version | grep -q '^northstar ' || fail "the packaged binary does not run"
grep -q '^ExecStart=/usr/bin/northstar serve' "$work/root/usr/lib/systemd/system/northstar.service" || fail "unit"
if command -v systemd-analyze >/dev/null; then
  systemd-analyze verify "$work/root/usr/lib/systemd/system/northstar.service" 2>&1 | grep -v 'not executable\|No such file' | grep -i 'error' && fail "systemd-analyze"
fi
echo "package_deb: ok ($(basename "$deb"))"
