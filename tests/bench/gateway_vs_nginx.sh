#!/usr/bin/env bash
# The gateway against nginx as a reverse proxy, in one run and on equal terms: the same upstream (the
# notifications service of the stack `./hub bench` started, on a route it answers cheaply and that
# is about no repo, so the gateway asks auth nothing for an anonymous caller), keep-alive to the
# upstream on both, one worker thread each, access logs to a file on both, no rate limiting, wrk at
# fixed connections, three alternating runs of each, medians reported. Both log every request as it
# ends, with no delay: nginx with a write(2) per line (its default), the gateway with one per loop
# turn for all the lines that turn produced (common/log).
#
# Figures: CPU time per request of the proxy process (from /proc/<pid>/stat), ours / nginx's
# (target <= 1.0); requests/s, ours / nginx's (target >= 1.0); p99 at a low fixed concurrency
# (target <= nginx + 0.5 ms).
set -euo pipefail
: "${HUB_TEST_GATEWAY:?run through ./hub bench}" "${HUB_TEST_NOTIFICATIONS:?run through ./hub bench}"
ROUTE=/api/notifications
DURATION=${HUB_BENCH_SECONDS:-8}
CONNECTIONS=${HUB_BENCH_CONNECTIONS:-32}
LOW=${HUB_BENCH_LOW_CONNECTIONS:-4}

work=$(mktemp -d /tmp/hub-bench-nginx.XXXXXX)
chmod 755 "$work"
nginx_pid=""
cleanup() { [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null; sleep 0.3; rm -rf "$work"; }
trap cleanup EXIT

# shellcheck source=lib/bench.sh
. "$(dirname "$0")/lib/bench.sh"
nginx_port=$(free_port)
{ nginx_conf_head 4096; cat <<EOF
http {
  access_log $work/access.log;
  upstream notifications { server $HUB_TEST_NOTIFICATIONS; keepalive 64; }
  server {
    listen 127.0.0.1:$nginx_port;
    location / {
      proxy_pass http://notifications;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
EOF
} >"$work/nginx.conf"
nginx -c "$work/nginx.conf" -p "$work" &
nginx_pid=$!
for _ in $(seq 1 50); do curl -s -o /dev/null "http://127.0.0.1:$nginx_port$ROUTE" && break; sleep 0.1; done

gateway_pid=$(awk '$1 == "gateway" {print $2}' "${HUB_TEST_PIDFILE:?run through ./hub bench}")
nginx_worker=$(pgrep -P "$nginx_pid" | head -1)

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
user_ticks() { awk '{print $14}' "/proc/$1/stat"; }

# run <label> <url> <pid> <connections>: prints "requests_per_s cpu_us_per_request p99_ms"
run() {
  local url=$2 pid=$3 conns=$4 before after out
  before=$(cpu_ticks "$pid")
  local user_before user_after
  user_before=$(user_ticks "$pid")
  out=$(wrk -t1 -c"$conns" -d"${DURATION}s" --latency "$url")
  after=$(cpu_ticks "$pid")
  user_after=$(user_ticks "$pid")
  local requests rps p99
  requests=$(echo "$out" | awk '/requests in/ {print $1}')
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p99=$(echo "$out" | awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; print v}')
  local hz
  hz=$(getconf CLK_TCK)
  awk -v r="$rps" -v n="$requests" -v t=$((after - before)) -v u=$((user_after - user_before)) -v hz="$hz" -v p="$p99" \
    'BEGIN { printf "%s %.2f %s %.2f\n", r, (t / hz) * 1e6 / n, p, (u / hz) * 1e6 / n }'
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

gw_url="http://$HUB_TEST_GATEWAY$ROUTE"
ng_url="http://127.0.0.1:$nginx_port$ROUTE"
# The benchmarks before this one leave work behind on the same two cores for half a minute or so
# (gigabytes of dirty pages to write back, PostgreSQL's checkpoints and vacuum after thousands of
# rows): a busy machine raises either proxy's CPU per request, the more so for whichever runs first.
# So the pages are written now, and the runs wait (up to a minute) for a second with the machine
# under 10% busy.
sync
busy_percent() {  # over the next second, from /proc/stat
  local a b
  read -r -a a < <(head -1 /proc/stat)
  sleep 1
  read -r -a b < <(head -1 /proc/stat)
  local total=0 i
  for i in 1 2 3 4 5 6 7 8; do total=$((total + b[i] - a[i])); done
  local idle=$((b[4] - a[4] + b[5] - a[5]))
  echo $(((total - idle) * 100 / (total > 0 ? total : 1)))
}
for _ in $(seq 1 60); do [ "$(busy_percent)" -lt 10 ] && break; done
# Warm both (connections to the upstream, caches).
wrk -t1 -c"$CONNECTIONS" -d2s "$gw_url" >/dev/null
wrk -t1 -c"$CONNECTIONS" -d2s "$ng_url" >/dev/null

# Each round alternates which goes first, so neither always runs on the other's leftovers.
: >"$work/gw"; : >"$work/ng"; : >"$work/gw_low"; : >"$work/ng_low"
measure() {  # measure <gw|ng> <connections> <file suffix>
  if [ "$1" = gw ]; then run gateway "$gw_url" "$gateway_pid" "$2"; else run nginx "$ng_url" "$nginx_worker" "$2"; fi \
    >>"$work/$1$3"
}
for i in 1 2 3; do
  order="gw ng"
  [ $((i % 2)) -eq 0 ] && order="ng gw"
  for who in $order; do measure "$who" "$CONNECTIONS" ""; done
  for who in $order; do measure "$who" "$LOW" _low; done
done

gw_rps=$(awk '{print $1}' "$work/gw" | median); ng_rps=$(awk '{print $1}' "$work/ng" | median)
gw_cpu=$(awk '{print $2}' "$work/gw" | median); ng_cpu=$(awk '{print $2}' "$work/ng" | median)
# Of which in user space (the rest is the kernel's: sockets, wake-ups, the log's writes).
gw_user=$(awk '{print $4}' "$work/gw" | median); ng_user=$(awk '{print $4}' "$work/ng" | median)
gw_p99=$(awk '{print $3}' "$work/gw_low" | median); ng_p99=$(awk '{print $3}' "$work/ng_low" | median)
status_gw=$(curl -s -o /dev/null -w '%{http_code}' "$gw_url"); status_ng=$(curl -s -o /dev/null -w '%{http_code}' "$ng_url")
awk -v gr="$gw_rps" -v nr="$ng_rps" -v gc="$gw_cpu" -v nc="$ng_cpu" -v gp="$gw_p99" -v np="$ng_p99" \
    -v gu="$gw_user" -v nu="$ng_user" \
    -v c="$CONNECTIONS" -v l="$LOW" -v sg="$status_gw" -v sn="$status_ng" 'BEGIN {
  printf "gateway vs nginx, same upstream (notifications, GET %s -> %s/%s), 1 worker each, medians of 3 runs\n", "'"$ROUTE"'", sg, sn
  printf "  CPU per request of the proxy: gateway %.1f us, nginx %.1f us, ratio %.2f (target <= 1.0)\n", gc, nc, gc / nc
  printf "    of which user space: gateway %.1f us, nginx %.1f us; kernel: gateway %.1f us, nginx %.1f us\n", gu, nu, gc - gu, nc - nu
  printf "  requests/s at %d connections: gateway %.0f, nginx %.0f, ratio %.2f (target >= 1.0)\n", c, gr, nr, gr / nr
  printf "  p99 at %d connections: gateway %.2f ms, nginx %.2f ms, difference %+.2f ms (target <= +0.5 ms)\n", l, gp, np, gp - np
}'
