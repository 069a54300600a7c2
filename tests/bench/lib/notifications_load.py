#!/usr/bin/env python3
"""The notifications benchmark's load generator and observers (stdlib only; run by notifications.sh).

Through the gateway of a running stack: a poster posts comments at a fixed rate, spread evenly over
HUB_BENCH_THREADS (default 20) threads of one public repo (comments on one thread wait for each other
on the thread's row, which is the discussions service's limit, not the notifications'); a watcher of that repo holds a live stream (SSE) and records when each item arrives; a
local receiver on 127.0.0.1 counts webhook deliveries (de-duplicated by webhook-id). Figures:

- R: the highest posting rate (over HUB_BENCH_SECONDS, default 60) at which the backlog does not
  grow — the backlog being comments posted but not yet seen, in the watcher's stream and at the
  receiver; a rate is sustained when the backlog in the last quarter of the run is no larger than
  in the second quarter (plus one second's worth of slack) and everything arrives within 10 s of
  the last post.
- live-stream latency p50/p99 at 200/s and at R: from the moment a comment's POST was answered (the
  comment is committed) to the moment an item arrives in the watcher's stream, the k-th answer matched
  with the k-th arrival of the run (items carry no comment id; the flow keeps commit order closely, and
  any reordering evens out in the percentiles); printed beside it, the part from the item's createdAt
  (when the fan-out made it) to its arrival;
- webhook deliveries per second with 100 hooks;
- the catch-up rate after a receiver outage (deliveries per second once the receiver is back).
"""
import asyncio
import http.client
import json
import os
import queue
import sys
import threading
import time
from datetime import datetime

GATEWAY = os.environ["HUB_TEST_GATEWAY"]
SECONDS = float(os.environ.get("HUB_BENCH_SECONDS", "60"))
CONNECTIONS = int(os.environ.get("HUB_BENCH_CONNECTIONS", "8"))
RATES = [int(r) for r in os.environ.get("HUB_BENCH_RATES", "200,300,400,500,650,800").split(",")]
HOOKS = int(os.environ.get("HUB_BENCH_HOOKS", "100"))
THREADS = int(os.environ.get("HUB_BENCH_THREADS", "20"))


def log(*parts):
    print(*parts, flush=True)


class Api:
    """One keep-alive connection to the gateway."""

    def __init__(self, token=None):
        host, port = GATEWAY.split(":")
        self.conn = http.client.HTTPConnection(host, int(port), timeout=30)
        self.token = token

    def call(self, method, path, body=None, expect=(200, 201, 204)):
        headers = {"Content-Type": "application/json"}
        if self.token:
            headers["Authorization"] = "Bearer " + self.token
        data = json.dumps(body) if body is not None else None
        for attempt in range(2):
            try:
                self.conn.request(method, path, body=data, headers=headers)
                res = self.conn.getresponse()
                text = res.read()
                break
            except (http.client.HTTPException, OSError):
                if attempt == 1:
                    raise
                self.conn.close()
        if res.status not in expect:
            raise RuntimeError(f"{method} {path}: {res.status} {text[:300]!r}")
        return json.loads(text) if text else None


def account(prefix):
    name = f"{prefix}{os.getpid()}{int(time.time() * 1000) % 1000000}"
    api = Api()
    api.call("POST", "/api/signup", {"username": name, "email": f"{name}@example.com", "password": "correct horse"})
    token = api.call("POST", "/api/login", {"username": name, "password": "correct horse"})["token"]
    return name, Api(token)


# ------------------------------------------------------------------------------------------------
# The watcher's live stream


class Stream(threading.Thread):
    def __init__(self, token):
        super().__init__(daemon=True)
        self.token = token
        self.arrivals = []  # (arrival time, createdAt as epoch seconds, id)
        self.lock = threading.Lock()
        self.ready = threading.Event()

    def run(self):
        host, port = GATEWAY.split(":")
        conn = http.client.HTTPConnection(host, int(port), timeout=3600)
        conn.request("GET", "/api/notifications/stream", headers={"Authorization": "Bearer " + self.token,
                                                                 "Accept": "text/event-stream"})
        res = conn.getresponse()
        if res.status != 200:
            raise RuntimeError(f"stream: {res.status} {res.read()[:200]!r}")
        self.ready.set()
        data, event = [], "message"
        while True:
            # Through the response, not its socket: the body is chunked, and a chunk may end mid-line.
            line = res.readline()
            if not line:
                return
            line = line.decode().rstrip("\r\n")
            if line.startswith("data:"):
                data.append(line[5:].strip())
            elif line.startswith("event:"):
                event = line[6:].strip()
            elif line == "":
                kind, lines = event, data
                data, event = [], "message"
                if kind != "notification" or not lines:
                    continue  # "ready", heartbeats
                now = time.time()
                item = json.loads("\n".join(lines))
                created = datetime.fromisoformat(item["createdAt"].replace("Z", "+00:00")).timestamp()
                with self.lock:
                    self.arrivals.append((now, created, item["id"]))

    def count(self):
        with self.lock:
            return len(self.arrivals)

    def arrivals_from(self, index):
        with self.lock:
            return sorted(a for a, _, _ in self.arrivals[index:])

    def item_latencies_since(self, start):
        """From each item's createdAt to its arrival: the live path alone."""
        with self.lock:
            return sorted((a - c) * 1000 for a, c, _ in self.arrivals if c >= start)


def matched_latencies(answered, arrived):
    """The k-th answered post against the k-th arrival, in ms, sorted."""
    answered, arrived = sorted(answered), sorted(arrived)
    return sorted((b - a) * 1000 for a, b in zip(answered, arrived))


# ------------------------------------------------------------------------------------------------
# The webhook receiver: asyncio, answers 200 (or 503 while "down"), counts distinct webhook-ids


class Receiver(threading.Thread):
    def __init__(self):
        super().__init__(daemon=True)
        self.ids = set()
        self.arrivals = []  # arrival time of each first delivery
        self.requests = 0
        self.down = False
        self.lock = threading.Lock()
        self.port = None
        self.ready = threading.Event()

    def run(self):
        asyncio.run(self.serve())

    async def serve(self):
        server = await asyncio.start_server(self.handle, "127.0.0.1", 0, backlog=1024)
        self.port = server.sockets[0].getsockname()[1]
        self.ready.set()
        async with server:
            await server.serve_forever()

    async def handle(self, reader, writer):
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length, hook_id = 0, None
                for line in head.split(b"\r\n")[1:]:
                    name, _, value = line.partition(b":")
                    name = name.strip().lower()
                    if name == b"content-length":
                        length = int(value.strip())
                    elif name == b"webhook-id":
                        hook_id = value.strip().decode()
                if length:
                    await reader.readexactly(length)
                with self.lock:
                    self.requests += 1
                    down = self.down
                    if not down and hook_id and hook_id not in self.ids:
                        self.ids.add(hook_id)
                        self.arrivals.append(time.time())
                status = b"503 Service Unavailable" if down else b"200 OK"
                writer.write(b"HTTP/1.1 " + status + b"\r\nContent-Length: 0\r\n\r\n")
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
            pass
        finally:
            writer.close()

    def count(self):
        with self.lock:
            return len(self.ids)


# ------------------------------------------------------------------------------------------------
# Posting at a fixed rate


def post_at_rate(token, paths, rate, seconds, on_tick=None, answered=None):
    """Posts rate*seconds comments spread evenly over `seconds`; returns (posted, achieved rate).
    `answered`, a list, gets the time each accepted post was answered."""
    total = int(rate * seconds)
    start = time.time() + 0.2
    slots = queue.Queue()
    for i in range(total):
        slots.put((start + i / rate, paths[i % len(paths)]))
    posted = [0]
    failures = [0]
    lock = threading.Lock()

    def worker():
        api = Api(token)
        while True:
            try:
                at, path = slots.get_nowait()
            except queue.Empty:
                return
            delay = at - time.time()
            if delay > 0:
                time.sleep(delay)
            try:
                api.call("POST", path, {"comment": "load"})
                done = time.time()
                with lock:
                    posted[0] += 1
                    if answered is not None:
                        answered.append(done)
            except Exception:  # noqa: BLE001 — counted, the figure says so
                with lock:
                    failures[0] += 1

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(CONNECTIONS)]
    for t in threads:
        t.start()
    while any(t.is_alive() for t in threads):
        if on_tick:
            on_tick(time.time() - start, posted[0])
        time.sleep(0.5)
    elapsed = time.time() - start
    if failures[0]:
        log(f"  ({failures[0]} posts failed)")
    return posted[0], posted[0] / elapsed


def wait_until(predicate, timeout):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


def percentile(values, p):
    if not values:
        return float("nan")
    return values[min(len(values) - 1, int(len(values) * p / 100))]


def main():
    owner, owner_api = account("nbo")
    watcher, watcher_api = account("nbw")
    repo = "notify-bench"
    owner_api.call("POST", "/api/repos/create", {"name": repo, "type": "model"})
    base = f"/api/models/{owner}/{repo}"
    comment_paths = []
    for t in range(THREADS):
        num = owner_api.call("POST", base + "/discussions", {"title": f"Load {t}", "description": "bench"})["num"]
        comment_paths.append(f"{base}/discussions/{num}/comment")
    watcher_api.call("PUT", base + "/subscription", {"level": "watching"})

    receiver = Receiver()
    receiver.start()
    receiver.ready.wait()
    url = f"http://127.0.0.1:{receiver.port}/hook"
    hook = owner_api.call("POST", "/api/settings/webhooks",
                          {"watched": [{"type": "model", "name": f"{owner}/{repo}"}], "domains": ["discussion"],
                           "url": url, "secret": "bench-secret"})["webhook"]["id"]
    stream = Stream(watcher_api.token)
    stream.start()
    stream.ready.wait(10)

    # Warm up (connections, caches, prepared statements).
    posted_total = 0
    n, _ = post_at_rate(owner_api.token, comment_paths, 50, 3)
    posted_total += n
    wait_until(lambda: stream.count() >= posted_total and receiver.count() >= posted_total, 30)
    time.sleep(2)  # the threads' own items may come too: let everything settle before counting

    results = {}
    best = None
    for rate in RATES:
        base_stream, base_hooks = stream.count(), receiver.count()
        samples = []

        def tick(t, posted, base_stream=base_stream, base_hooks=base_hooks, samples=samples):
            backlog = max(posted - (stream.count() - base_stream), posted - (receiver.count() - base_hooks))
            samples.append((t, backlog))

        started = time.time()
        answered = []
        n, achieved = post_at_rate(owner_api.token, comment_paths, rate, SECONDS, tick, answered)
        posted_total += n
        drained = wait_until(lambda: stream.count() >= posted_total and receiver.count() >= posted_total, 10)
        if not stream.is_alive():
            raise RuntimeError("the watcher's stream ended during the run")
        lat = matched_latencies(answered, stream.arrivals_from(base_stream))
        live = stream.item_latencies_since(started)
        q2 = [b for t, b in samples if SECONDS * 0.25 <= t < SECONDS * 0.5]
        q4 = [b for t, b in samples if t >= SECONDS * 0.75]
        growing = bool(q2 and q4) and max(q4) > max(q2) + rate
        sustained = drained and not growing and achieved >= rate * 0.95
        results[rate] = (achieved, percentile(lat, 50), percentile(lat, 99), max((b for _, b in samples), default=0),
                         sustained)
        log(f"rate {rate}/s: posted {n} at {achieved:.0f}/s; backlog max {results[rate][3]}; "
            f"stream latency (post answered -> item in stream) p50 {results[rate][1]:.1f} ms "
            f"p99 {results[rate][2]:.1f} ms; of it item made -> stream p50 {percentile(live, 50):.1f} ms "
            f"p99 {percentile(live, 99):.1f} ms; {'sustained' if sustained else 'NOT sustained'}")
        if not drained:
            wait_until(lambda: stream.count() >= posted_total and receiver.count() >= posted_total, 300)
        if not sustained:
            break
        best = rate

    # Webhook deliveries per second with HOOKS hooks on the repo (one already there).
    for i in range(HOOKS - 1):
        owner_api.call("POST", "/api/settings/webhooks",
                       {"watched": [{"type": "model", "name": f"{owner}/{repo}"}], "domains": ["discussion"],
                        "url": f"{url}?h={i}"})
    burst = int(os.environ.get("HUB_BENCH_HOOK_COMMENTS", "50"))
    before = receiver.count()
    start = time.time()
    post_at_rate(owner_api.token, comment_paths, 200, burst / 200)
    posted_total += burst
    expected = before + burst * HOOKS
    done = wait_until(lambda: receiver.count() >= expected, 300)
    hook_rate = (receiver.count() - before) / (time.time() - start)
    log(f"webhooks: {receiver.count() - before} deliveries to {HOOKS} hooks in {time.time() - start:.1f} s: "
        f"{hook_rate:.0f}/s{'' if done else ' (not all arrived)'}")

    # Catch-up after an outage: the receiver answers 503 while comments are posted, then recovers.
    receiver.down = True
    outage = int(os.environ.get("HUB_BENCH_OUTAGE_COMMENTS", "20"))
    before = receiver.count()
    post_at_rate(owner_api.token, comment_paths, 50, outage / 50)
    time.sleep(2)
    receiver.down = False
    back = time.time()
    expected = before + outage * HOOKS
    done = wait_until(lambda: receiver.count() >= expected, 600)
    # From the first retry that got through to the last: how fast a backlog drains once it may
    # (the wait for the first retry is the schedule's, printed apart).
    caught = [t for t in receiver.arrivals[before:]]
    span = (max(caught) - min(caught)) if len(caught) > 1 else float("nan")
    waited = (min(caught) - back) if caught else float("nan")
    log(f"catch-up: {len(caught)} of {outage * HOOKS} deliveries after the outage; first {waited:.1f} s after the "
        f"receiver came back (the retry schedule), then {len(caught) / span if span > 0 else float('nan'):.0f}/s "
        f"over {span:.1f} s{'' if done else ' (not all arrived)'}")

    log("")
    log(f"R (highest sustained rate tried): {best if best else 'below ' + str(RATES[0])}/s (target >= 200)")
    if 200 in results:
        log(f"stream latency at 200/s: p50 {results[200][1]:.1f} ms, p99 {results[200][2]:.1f} ms (target p99 < 50)")
    if best:
        log(f"stream latency at R={best}/s: p50 {results[best][1]:.1f} ms, p99 {results[best][2]:.1f} ms")
    log(f"webhook deliveries/s with {HOOKS} hooks: {hook_rate:.0f}")


if __name__ == "__main__":
    sys.exit(main())
