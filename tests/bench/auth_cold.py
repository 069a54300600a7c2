#!/usr/bin/env python3
"""What a cache miss adds at the gateway: fresh tokens, each used once, against anonymous requests.

One client process on one keep-alive connection sends, for each fresh token, an anonymous request
and then a request bearing the token, one at a time, and times each from its first byte out to its
last byte in. Spawning a curl per request instead made the figure mostly process start-up noise on
a two-core machine. The tokens are created first through the gateway and left to age past
HUB_AUTH_CACHE_TTL, so nothing about them is cached when they are used.

Prints "anon_p99 token_p99 anon_median token_median" in milliseconds.
"""
import http.client
import json
import os
import random
import sys
import time

host, port = os.environ["HUB_TEST_GATEWAY"].rsplit(":", 1)
count = int(sys.argv[1])
route = sys.argv[2]
connection = http.client.HTTPConnection(host, int(port))


def call(method, path, body=None, headers=None):
    headers = dict(headers or {})
    if body is not None:
        headers["Content-Type"] = "application/json"
        body = json.dumps(body)
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    return response.status, response.read()


name = "cold%d" % random.randrange(10**9)
call("POST", "/api/signup", {"username": name, "email": name + "@example.com", "password": "correct horse"})
status, data = call("POST", "/api/login", {"username": name, "password": "correct horse"})
if status != 200:
    sys.exit("login failed: %d" % status)
session = {"Authorization": "Bearer " + json.loads(data)["token"]}
tokens = []
for _ in range(count):
    status, data = call("POST", "/api/settings/tokens", {"displayName": "bench", "role": "read"}, session)
    if status not in (200, 201):
        sys.exit("token creation failed: %d" % status)
    tokens.append(json.loads(data)["token"])
time.sleep(3)  # past the default 2 s cache lifetime of anything the set-up touched

anonymous, bearing = [], []
for token in tokens:
    start = time.perf_counter_ns()
    call("GET", route)
    middle = time.perf_counter_ns()
    status, _ = call("GET", route, headers={"Authorization": "Bearer " + token})
    end = time.perf_counter_ns()
    if status == 401:
        sys.exit("a fresh token was refused")
    anonymous.append((middle - start) / 1e6)
    bearing.append((end - middle) / 1e6)


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p))]


print("%.3f %.3f %.3f %.3f" % (percentile(anonymous, 0.99), percentile(bearing, 0.99),
                               percentile(anonymous, 0.5), percentile(bearing, 0.5)))
