#!/usr/bin/env python3
"""What authentication adds at the gateway, request by request: cold (a cache miss) and warm.

One client process on one keep-alive connection alternates an anonymous request with one bearing a
token, one at a time, timing each from its first byte out to its last byte in, so the difference is
what the token costs and not queueing. Spawning a curl per request instead made the cold figure
mostly process start-up noise on a two-core machine.
  cold: a fresh token for each pair, created first through the gateway and left to age past
        HUB_AUTH_CACHE_TTL, so nothing about it is cached when it is used;
  warm: one token throughout (its identity cached; a refresh at half the cache's lifetime recurs
        about once a second).

Prints "cold_anon_p99 cold_token_p99 cold_anon_median cold_token_median warm_anon_p99
warm_token_p99 warm_anon_median warm_token_median", in milliseconds.
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



def timed_pairs(token_for_pair, pairs):
    anonymous, bearing = [], []
    for i in range(pairs):
        token = token_for_pair(i)
        start = time.perf_counter_ns()
        call("GET", route)
        middle = time.perf_counter_ns()
        status, _ = call("GET", route, headers={"Authorization": "Bearer " + token})
        end = time.perf_counter_ns()
        if status == 401:
            sys.exit("a live token was refused")
        anonymous.append((middle - start) / 1e6)
        bearing.append((end - middle) / 1e6)
    return anonymous, bearing


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p))]


def figures(anonymous, bearing):
    return [percentile(anonymous, 0.99), percentile(bearing, 0.99),
            percentile(anonymous, 0.5), percentile(bearing, 0.5)]


cold = figures(*timed_pairs(lambda i: tokens[i], count))
warm_token = tokens[0]
timed_pairs(lambda i: warm_token, 200)  # cached from here on
warm = figures(*timed_pairs(lambda i: warm_token, 3 * count))
print(" ".join("%.3f" % v for v in cold + warm))
