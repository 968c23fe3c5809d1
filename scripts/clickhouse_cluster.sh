#!/usr/bin/env bash
# A two-shard ClickHouse cluster on loopback for tests and benchmarks: two
# clickhouse-server processes (Debian's 18.16) with private configs under DIR, each
# knowing the cluster `northstar_two` whose shards are the two servers' TCP ports.
#   scripts/clickhouse_cluster.sh start DIR   prints "HTTP1 HTTP2" (the HTTP ports)
#   scripts/clickhouse_cluster.sh stop DIR
set -euo pipefail
cmd=${1:?start|stop}
dir=${2:?directory}
conf=/etc/clickhouse-server

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

if [ "$cmd" = stop ]; then
  for n in 1 2; do
    [ -f "$dir/ch$n/pid" ] && kill "$(cat "$dir/ch$n/pid")" 2>/dev/null || true
  done
  for n in 1 2; do
    pid=$(cat "$dir/ch$n/pid" 2>/dev/null || true)
    [ -n "$pid" ] || continue
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  exit 0
fi

[ -x /usr/sbin/clickhouse-server ] || { echo "clickhouse-server is not installed (apt-get install clickhouse-server)" >&2; exit 2; }
mkdir -p "$dir"
declare -a http tcp inter
for n in 1 2; do
  http[$n]=$(free_port); tcp[$n]=$(free_port); inter[$n]=$(free_port)
done
shards=""
for n in 1 2; do
  shards+="<shard><replica><host>127.0.0.1</host><port>${tcp[$n]}</port></replica></shard>"
done
for n in 1 2; do
  d="$dir/ch$n"
  mkdir -p "$d/data" "$d/tmp" "$d/user_files" "$d/format_schemas" "$d/log"
  cp "$conf/users.xml" "$d/users.xml"
  python3 - "$conf/config.xml" "$d/config.xml" "$d" "${http[$n]}" "${tcp[$n]}" "${inter[$n]}" "$shards" <<'PY'
import re, sys
src, dst, d, http, tcp, inter, shards = sys.argv[1:]
x = open(src).read()
x = x.replace('/var/lib/clickhouse/tmp/', d + '/tmp/')
x = x.replace('/var/lib/clickhouse/user_files/', d + '/user_files/')
x = x.replace('/var/lib/clickhouse/format_schemas/', d + '/format_schemas/')
x = x.replace('/var/lib/clickhouse/', d + '/data/')
x = x.replace('/var/log/clickhouse-server/', d + '/log/')
x = re.sub(r'<http_port>\d+</http_port>', '<http_port>%s</http_port>' % http, x)
x = re.sub(r'<tcp_port>\d+</tcp_port>', '<tcp_port>%s</tcp_port>' % tcp, x)
x = re.sub(r'<interserver_http_port>\d+</interserver_http_port>',
           '<interserver_http_port>%s</interserver_http_port>' % inter, x)
x = re.sub(r'<https_port>\d+</https_port>', '', x)
x = re.sub(r'<tcp_port_secure>\d+</tcp_port_secure>', '', x)
x = re.sub(r'\s*<listen_host>::1?</listen_host>', '', x)
x = re.sub(r'<listen_host>[^<]*</listen_host>', '', x)
x = x.replace('<remote_servers incl="clickhouse_remote_servers" >',
              '<listen_host>127.0.0.1</listen_host><remote_servers incl="clickhouse_remote_servers" >'
              '<northstar_two>%s</northstar_two>' % shards, 1)
x = x.replace('users.xml', d + '/users.xml')
open(dst, 'w').write(x)
PY
  grep -q northstar_two "$d/config.xml" || { echo "clickhouse config: no remote_servers section to extend" >&2; exit 2; }
  # No descriptor of the caller's (a command substitution's pipe) stays open in the server.
  (cd "$d" && exec /usr/sbin/clickhouse-server --config-file="$d/config.xml" </dev/null >"$d/log/stdout" 2>&1) &
  echo $! >"$d/pid"
done
for n in 1 2; do
  for _ in $(seq 1 300); do
    curl -sf "http://127.0.0.1:${http[$n]}/?query=SELECT%201" >/dev/null 2>&1 && break
    sleep 0.1
  done
  curl -sf "http://127.0.0.1:${http[$n]}/?query=SELECT%201" >/dev/null || {
    echo "clickhouse server $n did not start; its log:" >&2; tail -20 "$dir/ch$n/log/"* >&2; exit 2; }
done
# Both shards answer on their TCP ports (a Distributed table reads them there), not only
# on HTTP: one query over the whole cluster counts a row per shard.
ask="SELECT%20count()%20FROM%20cluster('northstar_two',%20system,%20one)"
for _ in $(seq 1 100); do
  [ "$(curl -s "http://127.0.0.1:${http[1]}/?query=$ask" 2>/dev/null)" = 2 ] && break
  sleep 0.1
done
[ "$(curl -s "http://127.0.0.1:${http[1]}/?query=$ask")" = 2 ] || {
  echo "clickhouse: the cluster's shards do not answer on TCP ports ${tcp[1]} and ${tcp[2]}; their logs:" >&2
  tail -20 "$dir"/ch*/log/*err* >&2
  exit 2
}
echo "${http[1]} ${http[2]}"
