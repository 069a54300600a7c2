#!/usr/bin/env bash
# TEMPORARY probe (not committed): where the gateway's user CPU goes.
set -uo pipefail
gw=$(awk '$1 == "gateway" {print $2}' "$HUB_TEST_PIDFILE")
url="http://$HUB_TEST_GATEWAY/api/notifications"
wrk -t1 -c32 -d3s "$url" >/dev/null
perf record -F 2999 --call-graph dwarf,16384 -o /tmp/gw.perf -p "$gw" -- sleep 4 &
p=$!
wrk -t1 -c32 -d4s "$url"
wait $p
