#!/usr/bin/env bash
# What authentication adds at the gateway: a token-bearing request against an anonymous one on the
# same public route, in the same run. Warm: wrk at a fixed low concurrency, the token's identity
# cached (its cache entry lives HUB_AUTH_CACHE_TTL, so a lookup recurs every few seconds), five
# alternating runs each, median p99. Cold: one request per fresh token (each one a lookup at auth)
# against as many anonymous requests, alternating, from one client on one keep-alive connection
# (auth_cold.py); p99 and median of each.
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
warm_anon=$(median </tmp/hub-bench-auth-anon)
warm_token=$(median </tmp/hub-bench-auth-token)

cold=$(python3 "$(dirname "$0")/auth_cold.py" "$COLD" "$ROUTE")
read -r cold_anon cold_token cold_anon_med cold_token_med <<<"$cold"
status=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "$GW$ROUTE")
rm -f /tmp/hub-bench-auth-*

awk -v wa="$warm_anon" -v wt="$warm_token" -v ca="$cold_anon" -v ct="$cold_token" -v c="$CONNECTIONS" \
    -v cam="$cold_anon_med" -v ctm="$cold_token_med" \
    -v n="$COLD" -v s="$status" 'BEGIN {
  printf "authentication at the gateway, GET %s (%s with a token)\n", "'"$ROUTE"'", s
  printf "  warm cache, p99 at %d connections (median of 5): token %.2f ms, anonymous %.2f ms, added %+.2f ms (target <= 0.5)\n", c, wt, wa, wt - wa
  printf "  cold cache, p99 of %d fresh tokens, one keep-alive connection: token %.2f ms, anonymous %.2f ms, added %+.2f ms (target <= 2)\n", n, ct, ca, ct - ca
  printf "  cold cache, median of the same: token %.2f ms, anonymous %.2f ms, added %+.2f ms\n", ctm, cam, ctm - cam
}'
