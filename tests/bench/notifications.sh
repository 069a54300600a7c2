#!/usr/bin/env bash
# Notifications under load (Release build, the throwaway stack of ./hub bench), through the gateway:
# comments posted at fixed rates on a watched repo with a webhook, a watcher's live stream (SSE) and a
# local webhook receiver on 127.0.0.1 observing (tests/bench/lib/notifications_load.py says how each
# figure is measured). Figures, not pass/fail. Targets: R >= 200/s; live-stream p99 < 50 ms at 200/s.
# HUB_BENCH_SECONDS (default 60) is each rate's run; HUB_BENCH_RATES the rates tried in order.
set -euo pipefail
: "${HUB_TEST_GATEWAY:?run through ./hub bench}"
trap 'echo "notifications.sh: failed at line $LINENO" >&2' ERR
python3 "$(dirname "$0")/lib/notifications_load.py"
