#!/bin/sh
# The image's HEALTHCHECK: ready, not merely alive (compose starts the gateway once every service
# answers), asked of the program on the port its HUB_LISTEN names, since each program has its own.
port=${HUB_LISTEN##*:}
exec curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:${port:-8080}/readyz"
