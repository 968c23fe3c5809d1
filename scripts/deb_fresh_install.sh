#!/usr/bin/env bash
# shellcheck disable=SC2015,SC2016,SC2046,SC2001,SC2013  # ok() cannot fail; single-quoted ${...} are for dpkg-query and sh -c
# Installs the Northstar .deb (`make package`) on a fresh Debian 12 (bookworm) made by
# debootstrap --variant=minbase in a folder, and uses it there as a user would: init a
# workspace, check, ingest, compute, status, serve (queried from the host with curl,
# then stopped with SIGTERM), and reads the systemd unit it ships. Needs root,
# debootstrap and curl; no Docker.
#
#   sudo scripts/deb_fresh_install.sh build/package/northstar_0.1.0_amd64.deb /work/debroot
#
# WORKDIR/rootfs is the chroot. A second run reuses it (delete WORKDIR for a fresh
# one): it purges northstar and what it pulled in, then installs the .deb again. The
# mirror is the host's bookworm mirror from /etc/apt/sources.list(.d); MIRROR and
# SECURITY_MIRROR override it. Prints PASS (exit 0) or FAIL (exit 1).
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 PATH/TO/northstar.deb WORKDIR" >&2
  exit 2
fi
deb=$(realpath "$1")
workdir=$(realpath -m "$2")
root="$workdir/rootfs"
suite=bookworm
user=nsuser
[ "$(id -u)" -eq 0 ] || { echo "run as root (debootstrap, chroot, mount)" >&2; exit 2; }
[ -f "$deb" ] || { echo "no such .deb: $deb" >&2; exit 2; }
command -v debootstrap >/dev/null || { echo "debootstrap missing: apt-get install -y debootstrap" >&2; exit 2; }
command -v curl >/dev/null || { echo "curl missing" >&2; exit 2; }
case "$workdir" in /|/usr|/usr/*|/etc|/etc/*|/home|/root) echo "refusing WORKDIR $workdir" >&2; exit 2 ;; esac

failures=0
ok() { echo "  ok: $*"; }
bad() { echo "  FAIL: $*"; failures=$((failures + 1)); }
step() { printf '\n== %s\n' "$*"; }

# The first URI of the host's sources whose suites include $1 (deb822 or one-line).
host_uri() {
  local want=$1 f
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    awk -v want="$want" '
      function flush() { if (types ~ /(^| )deb( |$)/ && (" " suites " ") ~ (" " want " ") && uri != "") { print uri; found = 1; exit } types = ""; suites = ""; uri = "" }
      /^[ \t]*$/ { flush(); next }
      /^Types:/ { sub(/^Types:[ \t]*/, ""); types = $0 }
      /^Suites:/ { sub(/^Suites:[ \t]*/, ""); suites = $0 }
      /^URIs:/ { uri = $2 }
      END { if (!found) flush() }' "$f"
  done
  cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
    awk -v want="$want" '$1 == "deb" { i = 2; if ($i ~ /^\[/) { while ($i !~ /\]$/) i++; i++ } if ($(i + 1) == want) print $i }'
  return 0
}
mirror=${MIRROR:-$(host_uri "$suite" | head -n1 || true)}
mirror=${mirror:-http://deb.debian.org/debian}
security=${SECURITY_MIRROR:-$(host_uri "$suite-security" | head -n1 || true)}
security=${security:-http://deb.debian.org/debian-security}

server_pid=
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then kill -TERM "$server_pid" 2>/dev/null || true; sleep 1; kill -KILL "$server_pid" 2>/dev/null || true; fi
  local m
  for m in dev/pts dev sys proc; do
    while mountpoint -q "$root/$m" 2>/dev/null; do umount "$root/$m" 2>/dev/null || umount -l "$root/$m" || break; done
  done
}
trap cleanup EXIT
trap 'exit 130' INT TERM
mounted_under_root() { findmnt -rn -o TARGET | grep -q "^$root\(/\|\$\)"; }

# In the chroot, with a clean environment (the host's PATH and locale stay outside).
in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  HOME=/root LC_ALL=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"; }
# In the chroot as the unprivileged user, from its home.
as_user() { chroot "$root" /usr/bin/setpriv --reuid="$user" --regid="$user" --init-groups /usr/bin/env -i \
  PATH=/usr/local/bin:/usr/bin:/bin HOME="/home/$user" USER="$user" LC_ALL=C.UTF-8 \
  /bin/sh -c 'cd "$HOME" && exec "$@"' sh "$@"; }

started=$(date +%s)
echo "deb:     $deb"
echo "Depends: $(dpkg-deb --field "$deb" Depends)"
echo "root:    $root (mirror $mirror, security $security)"

step "debootstrap --variant=minbase $suite"
mkdir -p "$workdir"
if [ -f "$root/.deb_fresh_install.done" ]; then
  echo "reusing $root (delete $workdir for a fresh one)"
else
  cleanup
  mounted_under_root && { echo "something is still mounted under $root; not deleting it" >&2; exit 1; }
  rm -rf "$root"
  t0=$(date +%s)
  debootstrap --variant=minbase "$suite" "$root" "$mirror" >"$workdir/debootstrap.log" 2>&1 ||
    { tail -n 30 "$workdir/debootstrap.log"; echo "debootstrap failed" >&2; exit 1; }
  printf 'deb %s %s main\ndeb %s %s-updates main\ndeb %s %s-security main\n' \
    "$mirror" "$suite" "$mirror" "$suite" "$security" "$suite" >"$root/etc/apt/sources.list"
  # No service starts inside the chroot (the usual policy-rc.d of chroots).
  printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
  chmod 755 "$root/usr/sbin/policy-rc.d"
  touch "$root/.deb_fresh_install.done"
  echo "debootstrap: $(($(date +%s) - t0)) s, $(du -sh --exclude=proc --exclude=sys --exclude=dev "$root" | cut -f1)"
fi
cleanup   # mounts a killed earlier run left behind
mount -t proc proc "$root/proc"
mount -t sysfs sysfs "$root/sys"
mount --bind /dev "$root/dev"
mount --bind /dev/pts "$root/dev/pts"
cp -L /etc/resolv.conf "$root/etc/resolv.conf"

step "apt-get install --no-install-recommends northstar.deb"
if in_root dpkg-query -W -f='${Status}' northstar 2>/dev/null | grep -q 'install ok installed'; then
  echo "purging the northstar of an earlier run (and what it pulled in)"
  in_root apt-get purge -y -q northstar >/dev/null
  in_root apt-get autoremove --purge -y -q >/dev/null
fi
in_root apt-get update -q >"$workdir/apt-update.log" 2>&1 || { cat "$workdir/apt-update.log"; bad "apt-get update"; exit 1; }
in_root dpkg-query -W -f='${Package}\n' | sort >"$workdir/packages-before.txt"
cp "$deb" "$root/tmp/northstar.deb"
if in_root apt-get install -y --no-install-recommends /tmp/northstar.deb >"$workdir/apt-install.log" 2>&1; then
  ok "apt-get install exit 0"
else
  cat "$workdir/apt-install.log"; bad "apt-get install"; exit 1
fi
in_root dpkg-query -W -f='${Package}\n' | sort >"$workdir/packages-after.txt"
comm -13 "$workdir/packages-before.txt" "$workdir/packages-after.txt" >"$workdir/pulled-in.txt"
grep -E '^(After this operation|Need to get)' "$workdir/apt-install.log" | sed 's/^/  apt: /' || true
echo "  new packages ($(wc -l <"$workdir/pulled-in.txt")): $(tr '\n' ' ' <"$workdir/pulled-in.txt")"
total_kb=$(in_root dpkg-query -W -f='${Installed-Size}\n' $(cat "$workdir/pulled-in.txt") | awk '{ s += $1 } END { print s + 0 }')
echo "  installed size: northstar $(in_root dpkg-query -W -f='${Installed-Size}' northstar) KiB; all new packages $total_kb KiB"
in_root dpkg-query -W -f='${Status}\n' northstar | grep -q 'install ok installed' && ok "dpkg: northstar install ok installed" || bad "dpkg status"
missing=$(in_root ldd /usr/bin/northstar | grep 'not found' || true)
[ -z "$missing" ] && ok "ldd /usr/bin/northstar: every library found" || bad "ldd: $missing"
in_root apt-get check -q >/dev/null 2>&1 && ok "apt-get check: no broken dependencies" || bad "apt-get check"

step "as a user: northstar --version, init, check, ingest, compute, status"
in_root sh -c "id $user >/dev/null 2>&1 || useradd -m -s /bin/bash $user"
as_user rm -rf ws
run() { # run NAME CMD...: as the user, output in WORKDIR/NAME.out, its first lines shown
  local name=$1 rc=0; shift
  as_user "$@" >"$workdir/$name.out" 2>&1 || rc=$?
  sed -n '1,6p' "$workdir/$name.out" | sed 's/^/    | /'
  [ "$rc" -eq 0 ] && ok "$* (exit 0)" || bad "$* (exit $rc)"
}
run version northstar --version
grep -q '^northstar [0-9]' "$workdir/version.out" || bad "--version prints no 'northstar X.Y.Z'"
run init northstar init ws
# A few dozen rows: the scaffold's ten plus 30 more over two more weeks.
as_user sh -c 'i=11; for d in 09 10 11 12 13 16 17 18 19 20; do for h in 09 11 15; do
  c=$(case $((i % 3)) in 0) echo email;; 1) echo chat;; *) echo phone;; esac)
  r=$([ $((i % 4)) -eq 0 ] && echo 45 || echo 20)
  echo "$i,2026-03-${d}T$h:05:00,2026-03-${d}T$h:$r:00,$c,$([ $((i % 10)) -eq 0 ] && echo true || echo false),$([ $((i % 7)) -eq 0 ] && echo true || echo false)"
  i=$((i + 1)); done; done >>ws/data/tickets.csv'
echo "    tickets.csv: $(($(wc -l <"$root/home/$user/ws/data/tickets.csv") - 1)) rows"
run check northstar check -w ws
grep -q 'check: 0 errors' "$workdir/check.out" || bad "check reports errors"
run ingest northstar ingest -w ws
grep -q 'rows read 40 = stored 40 + rejected 0' "$workdir/ingest.out" && ok "ingest stored all 40 rows" || bad "ingest did not store 40 rows"
run compute northstar compute -w ws
grep -q '^first_response_30m ' "$workdir/compute.out" && ok "compute printed first_response_30m values" || bad "compute printed no KPI values"
run status northstar status -w ws
grep -q 'first_response_30m' "$workdir/status.out" && ok "status shows first_response_30m" || bad "status lacks the KPI"

step "northstar serve --port 0 in the chroot, curl from the host, SIGTERM"
chroot "$root" /usr/bin/setpriv --reuid="$user" --regid="$user" --init-groups /usr/bin/env -i \
  PATH=/usr/bin:/bin HOME="/home/$user" LC_ALL=C.UTF-8 \
  /usr/bin/northstar serve -w "/home/$user/ws" --port 0 >"$workdir/serve.out" 2>"$workdir/serve.err" &
server_pid=$!   # chroot, setpriv and env exec: this is northstar's pid
url=
for _ in $(seq 50); do
  url=$(grep -oh 'http://[^ ]*' "$workdir/serve.out" "$workdir/serve.err" | head -n1 || true)
  [ -n "$url" ] && break
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.2
done
url=${url%/}
if [ -z "$url" ]; then
  cat "$workdir/serve.out" "$workdir/serve.err"; bad "serve printed no URL"
else
  echo "    | $(head -n1 "$workdir/serve.out")"
  token=$(as_user northstar token create -w ws --role viewer --name deb-smoke 2>"$workdir/token.err" | grep -E '^ns_' | head -n1 || true)
  echo "    | $(head -n1 "$workdir/token.err")"
  [ -n "$token" ] && ok "token create --role viewer printed a token" || bad "token create printed no token"
  code=$(curl -s -o "$workdir/goals.json" -w '%{http_code}' -H "Authorization: Bearer $token" "$url/api/v1/goals" || true)
  echo "    | $(head -c 200 "$workdir/goals.json")"
  [ "$code" = 200 ] && grep -q 'faster-support' "$workdir/goals.json" && ok "GET /api/v1/goals with the token: 200, lists faster-support" || bad "GET /api/v1/goals: $code"
  code=$(curl -s -o /dev/null -w '%{http_code}' "$url/api/v1/goals" || true)
  [ "$code" = 401 ] && ok "GET /api/v1/goals without a token: 401" || bad "GET /api/v1/goals without a token: $code (want 401)"
  code=$(curl -s -o "$workdir/index.html" -w '%{http_code}' "$url/" || true)
  echo "    | $(grep -o '<title>[^<]*</title>' "$workdir/index.html" | head -n1) ($(wc -c <"$workdir/index.html") bytes)"
  [ "$code" = 200 ] && grep -qi '<html' "$workdir/index.html" && ok "GET / (dashboard): 200, HTML" || bad "GET /: $code"
  for asset in $(grep -oE '(src|href)="/[^"]+"' "$workdir/index.html" | sed 's/^[a-z]*="\(.*\)"$/\1/'); do
    code=$(curl -s -o "$workdir/asset" -w '%{http_code}' "$url$asset" || true)
    [ "$code" = 200 ] && [ -s "$workdir/asset" ] && ok "GET $asset: 200, $(wc -c <"$workdir/asset") bytes" || bad "GET $asset: $code"
  done
fi
kill -TERM "$server_pid" 2>/dev/null || true
rc=0; wait "$server_pid" || rc=$?
server_pid=
tail -n1 "$workdir/serve.err" | sed 's/^/    | /'
[ "$rc" -eq 0 ] && ok "serve exited 0 on SIGTERM" || bad "serve exited $rc on SIGTERM"

step "the systemd unit"
unit=/usr/lib/systemd/system/northstar.service
if [ -f "$root$unit" ]; then
  ok "$unit is installed"
  grep -E '^(User|DynamicUser|StateDirectory|WorkingDirectory|ExecStart)=' "$root$unit" | sed 's/^/    | /'
  exe=$(sed -n 's/^ExecStart=\([^ ]*\).*/\1/p' "$root$unit")
  [ -x "$root$exe" ] && ok "ExecStart's $exe exists in the chroot" || bad "ExecStart's $exe is missing"
  if command -v systemd-analyze >/dev/null; then
    # The host's systemd-analyze on the chroot's unit file (a minbase chroot has no
    # systemd, so --root cannot work). It looks for ExecStart's binary on the host;
    # that one is checked in the chroot above.
    out=$(systemd-analyze verify "$root$unit" 2>&1 | grep -v "Command $exe is not executable" || true)
    if [ -z "$out" ]; then
      ok "systemd-analyze verify (host's systemd $(systemd-analyze --version | sed -n '1s/^systemd \([0-9]*\).*/\1/p')): no complaint but the host's missing $exe"
    else
      echo "$out" | sed 's/^/    | /'; bad "systemd-analyze verify"
    fi
  else
    echo "  (no systemd-analyze: unit not verified)"
  fi
  # What the unit meets on a fresh install: an empty state directory, no workspace.
  as_user mkdir -p empty-ws
  rc=0; as_user timeout 5 northstar serve -w empty-ws --port 0 >"$workdir/serve-empty.out" 2>&1 || rc=$?
  echo "    | serve on an empty workspace exits $rc: $(head -n1 "$workdir/serve-empty.out")"
  # ... so the unit must not start there (and restart until systemd gives up).
  grep -qx 'ConditionPathExists=/var/lib/northstar/northstar.yaml' "$root$unit" &&
    ok "the unit waits for /var/lib/northstar/northstar.yaml (ConditionPathExists)" ||
    bad "the unit would start, fail and restart on a fresh install (no ConditionPathExists)"
else
  bad "$unit is not installed"
fi

step "result"
elapsed=$(($(date +%s) - started))
if [ "$failures" -eq 0 ]; then
  echo "PASS: $(basename "$deb") installs and runs on a fresh Debian 12 minbase ($(wc -l <"$workdir/pulled-in.txt") packages pulled in, ${elapsed} s)"
else
  echo "FAIL: $failures check(s) failed (logs in $workdir)"
  exit 1
fi
