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
