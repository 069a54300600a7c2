#!/usr/bin/env bash
# What authentication adds at the gateway: a token-bearing request against an anonymous one on the
# same public route, in the same run (auth_latency.py): one client alternating the two, one at a
# time on one keep-alive connection; cold, a fresh token per pair (each a lookup at auth); warm,
# one token whose identity is cached. p99 and median of each. For context, the warm case under load
# too: wrk at a fixed low concurrency, five alternating runs each, median p99 (at saturation a p99
# is mostly the scheduler's, on a two-core machine).
#
# Targets: added p99 <= 0.5 ms warm, <= 2 ms cold.
set -euo pipefail
: "${HUB_TEST_GATEWAY:?run through ./hub bench}"
GW="http://$HUB_TEST_GATEWAY"
ROUTE=/api/notifications  # public, about no repo: anonymous callers cost auth nothing
DURATION=${HUB_BENCH_SECONDS:-5}
CONNECTIONS=${HUB_BENCH_LOW_CONNECTIONS:-4}
COLD=${HUB_BENCH_COLD_TOKENS:-1000}

json() { python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"; }
name="bench$RANDOM$RANDOM"
curl -sf "$GW/api/signup" -H 'Content-Type: application/json' \
  -d "{\"username\":\"$name\",\"email\":\"$name@example.com\",\"password\":\"correct horse\"}" >/dev/null
session=$(curl -sf "$GW/api/login" -H 'Content-Type: application/json' \
  -d "{\"username\":\"$name\",\"password\":\"correct horse\"}" | json token)
new_token() {
  curl -sf "$GW/api/settings/tokens" -H "Authorization: Bearer $session" -H 'Content-Type: application/json' \
    -d '{"displayName":"bench","role":"read"}' | json token
}
token=$(new_token)

p99_ms() {  # wrk --latency output on stdin
  awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; print v}'
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

wrk -t1 -c"$CONNECTIONS" -d2s -H "Authorization: Bearer $token" "$GW$ROUTE" >/dev/null
: >/tmp/hub-bench-auth-anon; : >/tmp/hub-bench-auth-token
for _ in 1 2 3 4 5; do
  wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$GW$ROUTE" | p99_ms >>/tmp/hub-bench-auth-anon
  wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency -H "Authorization: Bearer $token" "$GW$ROUTE" \
    | p99_ms >>/tmp/hub-bench-auth-token
done
load_anon=$(median </tmp/hub-bench-auth-anon)
load_token=$(median </tmp/hub-bench-auth-token)

latency=$(python3 "$(dirname "$0")/auth_latency.py" "$COLD" "$ROUTE")
read -r cold_anon cold_token cold_anon_med cold_token_med warm_anon warm_token warm_anon_med warm_token_med \
  <<<"$latency"
status=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "$GW$ROUTE")
rm -f /tmp/hub-bench-auth-*

awk -v wa="$warm_anon" -v wt="$warm_token" -v wam="$warm_anon_med" -v wtm="$warm_token_med" \
    -v ca="$cold_anon" -v ct="$cold_token" -v cam="$cold_anon_med" -v ctm="$cold_token_med" \
    -v la="$load_anon" -v lt="$load_token" -v c="$CONNECTIONS" -v n="$COLD" -v s="$status" 'BEGIN {
  printf "authentication at the gateway, GET %s (%s with a token), one client alternating anonymous and token requests\n", "'"$ROUTE"'", s
  printf "  warm cache, p99 of %d pairs: token %.2f ms, anonymous %.2f ms, added %+.2f ms (target <= 0.5); medians %.2f / %.2f ms\n", 3 * n, wt, wa, wt - wa, wtm, wam
  printf "  cold cache, p99 of %d fresh tokens: token %.2f ms, anonymous %.2f ms, added %+.2f ms (target <= 2); medians %.2f / %.2f ms\n", n, ct, ca, ct - ca, ctm, cam
  printf "  warm cache under load, wrk at %d connections, median p99 of 5 runs: token %.2f ms, anonymous %.2f ms, added %+.2f ms\n", c, lt, la, lt - la
}'
