#!/usr/bin/env bash
# Streaming through the gateway (Release build): a 1 GiB download and a 1 GiB upload, through the
# gateway and, as the reference measured in the same run, straight to the same upstream. Prints
# throughput, the ratio to the reference, the gateway's peak anonymous memory while moving the
# bytes, and its bytes-buffered peak from /metrics. Figures, not pass/fail: see README.
set -euo pipefail
BIN=${HUB_BIN:?set HUB_BIN to a Release bin folder}
SIZE=$((1 << 30))
work=$(mktemp -d /tmp/hub-bench.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

# shellcheck source=lib/bench.sh
. "$(dirname "$0")/lib/bench.sh"
wait_port() { for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$1/healthz" && return 0; sleep 0.1; done; return 1; }

up_port=$(free_port); gw_port=$(free_port)
HUB_LISTEN=127.0.0.1:$up_port "$BIN/hub-test-upstream" >"$work/upstream.log" 2>&1 & pids+=($!)
wait_port "$up_port"
env HUB_INTERNAL_SECRET=bench-secret-0123456789abcdef0123456789 HUB_LISTEN=127.0.0.1:$gw_port HUB_ACCESS_LOG=false \
  HUB_AUTH_URL=127.0.0.1:$up_port HUB_REPOS_URL=127.0.0.1:$up_port HUB_DISCUSSIONS_URL=127.0.0.1:$up_port \
  HUB_PULLS_URL=127.0.0.1:$up_port HUB_BUGS_URL=127.0.0.1:$up_port HUB_NOTIFICATIONS_URL=127.0.0.1:$up_port \
  HUB_DRAIN_DELAY=0ms "$BIN/hub-gateway" >"$work/gateway.log" 2>&1 & gw_pid=$!; pids+=($gw_pid)
wait_port "$gw_port"

# Samples the gateway's RssAnon (kB) every 20 ms into $work/rss until told to stop.
sample() { while [ -f "$work/sampling" ]; do awk '/RssAnon/ {print $2}' "/proc/$gw_pid/status" >>"$work/rss"; sleep 0.02; done; }
measure() {  # measure <label> <curl args...>: prints seconds
  local label=$1; shift
  local t
  t=$(curl -s -o /dev/null -w '%{time_total}' "$@")
  echo "$t"
}

touch "$work/sampling"; sample & sampler=$!
download_gw=$(measure gw "http://127.0.0.1:$gw_port/acme/m/resolve/main/big.bin?op=blob&size=$SIZE")
upload_gw=$(head -c $SIZE /dev/zero | curl -s -o /dev/null -w '%{time_total}' -T - "http://127.0.0.1:$gw_port/acme/m.git/info/lfs/up?op=sink")
rm -f "$work/sampling"; wait $sampler
download_direct=$(measure direct "http://127.0.0.1:$up_port/acme/m/resolve/main/big.bin?op=blob&size=$SIZE")
upload_direct=$(head -c $SIZE /dev/zero | curl -s -o /dev/null -w '%{time_total}' -T - "http://127.0.0.1:$up_port/acme/m.git/info/lfs/up?op=sink")

peak_kb=$(sort -n "$work/rss" | tail -1)
buffered_peak=$(curl -s "http://127.0.0.1:$gw_port/metrics" | awk '$1 == "hub_http_body_buffer_bytes_peak" {print $2}')
awk -v s=$SIZE -v dg="$download_gw" -v dd="$download_direct" -v ug="$upload_gw" -v ud="$upload_direct" \
    -v peak="$peak_kb" -v buf="$buffered_peak" 'BEGIN {
  mib = s / 1048576
  printf "gateway streaming, 1 GiB each way (reference: the same upstream without the gateway)\n"
  printf "  download: %.0f MiB/s through the gateway, %.0f MiB/s direct, ratio %.2f\n", mib/dg, mib/dd, dd/dg
  printf "  upload (chunked): %.0f MiB/s through the gateway, %.0f MiB/s direct, ratio %.2f\n", mib/ug, mib/ud, ud/ug
  printf "  gateway peak anonymous memory while streaming: %.1f MiB (target < 64 MiB)\n", peak/1024
  printf "  gateway bytes-buffered peak: %d KiB\n", buf/1024
}'
