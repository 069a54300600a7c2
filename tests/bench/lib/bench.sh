# Sourced by the benchmarks in tests/bench (not one itself: ./hub bench runs tests/bench/*.sh only).

# A loopback port nothing listens on, below the ephemeral range.
free_port() { local p; while :; do p=$((20000 + RANDOM % 12000)); (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }; done; }

# The start of the nginx.conf of a reference nginx: one worker, in the foreground, its pid file and
# error log in $work. nginx_conf_head <worker_connections>; the caller appends the http block.
nginx_conf_head() {
  cat <<CONF
worker_processes 1;
daemon off;
pid $work/nginx.pid;
error_log $work/error.log warn;
events { worker_connections $1; }
CONF
}

# bench_account <gateway URL> <repo name>: a fresh account (its name in $name, its session in
# $token, the header in the array $auth) owning a new public model repo of that name.
bench_account() {
  local gw=$1
  name="bench$RANDOM$RANDOM"
  curl -sf "$gw/api/signup" -H 'Content-Type: application/json' \
    -d "{\"username\":\"$name\",\"email\":\"$name@example.com\",\"password\":\"correct horse\"}" >/dev/null
  token=$(curl -sf "$gw/api/login" -H 'Content-Type: application/json' \
    -d "{\"username\":\"$name\",\"password\":\"correct horse\"}" |
    python3 -c "import json,sys; print(json.load(sys.stdin)['token'])")
  auth=(-H "Authorization: Bearer $token")
  curl -sf "$gw/api/repos/create" "${auth[@]}" -H 'Content-Type: application/json' \
    -d "{\"name\":\"$2\",\"type\":\"model\"}" >/dev/null
}

# wrk_run <url> [lua script]: "requests_per_s p99_ms" of wrk at $CONNECTIONS connections for
# $DURATION seconds with the bearer $token; says how many answers were not 2xx.
wrk_run() {
  local out
  if [ -n "${2:-}" ]; then
    out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -H "Authorization: Bearer $token" -s "$2" "$1")
  else
    out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -H "Authorization: Bearer $token" "$1")
  fi
  local non2xx
  non2xx=$(echo "$out" | awk '/Non-2xx/ {print $5}')
  [ -n "$non2xx" ] && echo "  ($non2xx answers were not 2xx)" >&2
  echo "$out" | awk '/Requests\/sec/ {r=$2} $1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; p=v} END {printf "%s %.2f\n", r, p}'
}
