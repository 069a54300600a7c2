#!/usr/bin/env python3
"""A webhook receiver for tests and benchmarks (Python 3 standard library only).

Listens on 127.0.0.1 only, records every request as one JSON line, and checks the three ways a hub
delivery proves where it came from, with its own code (hmac, hashlib, base64), independently of the
hub's C++:

  X-Webhook-Secret     the secret itself (the Hugging Face Hub's scheme)
  webhook-signature    Standard Webhooks: "v1,<base64 HMAC-SHA256(key, id.timestamp.body)>", several
                       space-separated signatures allowed; key = the secret's bytes, or for a secret
                       "whsec_<base64>" the bytes the base64 decodes to; webhook-timestamp within
                       --tolerance seconds of now
  X-Hub-Signature-256  "sha256=<hex HMAC-SHA256(secret, body)>" (GitHub's scheme), the secret's text

Flags:
  --port N            port to listen on (default 0: one the system picks)
  --port-file PATH    write the port there once listening (written whole: a reader never sees half)
  --log PATH          append one JSON line per request (required)
  --secret S          the hook's secret; without it nothing is checked and "verified" is null
  --tolerance SECS    accepted age (either way) of webhook-timestamp (default 300; 0: not checked)
  --fail-first N      answer 500 to the first N requests of each webhook-id (then --status)
  --hang-seconds S    wait S seconds before answering every request (a receiver that hangs)
  --status CODE       the status of every other answer (default 200)

On start it prints {"msg":"listening","port":N} on standard output (what tests/support/process.hpp's
wait_for_listen() looks for). Each line of the log:

  {"seq":1,"time":1700000000.5,"method":"POST","path":"/hook","headers":{"Content-Type":"..."},
   "body":"...","webhook_id":"...","attempt":1,"status":200,
   "checks":{"x_webhook_secret":true,"webhook_signature":true,"x_hub_signature_256":true},
   "verified":true}

A line is written when the request has been read, before any hang, so a request cut by the sender's
deadline is still recorded; "attempt" counts the requests seen with the same webhook-id. Stop it with
SIGTERM (or SIGINT).
"""
import argparse
import base64
import binascii
import hashlib
import hmac
import json
import os
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MAX_BODY = 64 << 20


def standard_webhooks_key(secret: str) -> bytes:
    if secret.startswith("whsec_"):
        try:
            key = base64.b64decode(secret[len("whsec_"):], validate=True)
            if key:
                return key
        except (binascii.Error, ValueError):
            pass
    return secret.encode()


def check_standard_webhooks(secret, headers, body, tolerance):
    msg_id = headers.get("webhook-id")
    timestamp = headers.get("webhook-timestamp")
    signatures = headers.get("webhook-signature")
    if msg_id is None or timestamp is None or signatures is None:
        return False
    try:
        sent = int(timestamp)
    except ValueError:
        return False
    if tolerance and abs(time.time() - sent) > tolerance:
        return False
    signed = msg_id.encode() + b"." + timestamp.encode() + b"." + body
    expected = base64.b64encode(hmac.new(standard_webhooks_key(secret), signed, hashlib.sha256).digest()).decode()
    for candidate in signatures.split():
        version, _, value = candidate.partition(",")
        if version == "v1" and hmac.compare_digest(value, expected):
            return True
    return False


def check_hub_signature_256(secret, headers, body):
    value = headers.get("X-Hub-Signature-256")
    if value is None:
        return False
    expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(value, expected)


def check_webhook_secret(secret, headers):
    value = headers.get("X-Webhook-Secret")
    return value is not None and hmac.compare_digest(value.encode(), secret.encode())


class Receiver:
    def __init__(self, args):
        self.args = args
        self.lock = threading.Lock()
        self.seq = 0
        self.attempts = {}
        self.log = open(args.log, "a", encoding="utf-8")

    def record(self, handler, body):
        headers = handler.headers
        msg_id = headers.get("webhook-id", "")
        with self.lock:
            self.seq += 1
            attempt = self.attempts.get(msg_id, 0) + 1
            self.attempts[msg_id] = attempt
            status = 500 if attempt <= self.args.fail_first else self.args.status
            checks = None
            verified = None
            if self.args.secret is not None:
                checks = {
                    "x_webhook_secret": check_webhook_secret(self.args.secret, headers),
                    "webhook_signature": check_standard_webhooks(self.args.secret, headers, body,
                                                                 self.args.tolerance),
                    "x_hub_signature_256": check_hub_signature_256(self.args.secret, headers, body),
                }
                verified = all(checks.values())
            merged = {}
            for name, value in headers.items():
                merged[name] = merged[name] + ", " + value if name in merged else value
            line = {
                "seq": self.seq,
                "time": time.time(),
                "method": handler.command,
                "path": handler.path,
                "headers": merged,
                "body": body.decode("utf-8", errors="replace"),
                "webhook_id": msg_id,
                "attempt": attempt,
                "status": status,
                "checks": checks,
                "verified": verified,
            }
            self.log.write(json.dumps(line, separators=(",", ":")) + "\n")
            self.log.flush()
        return status


def make_handler(receiver):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def handle_any(self):
            length = int(self.headers.get("Content-Length") or 0)
            if length < 0 or length > MAX_BODY:
                self.send_error(413)
                return
            body = self.rfile.read(length) if length else b""
            status = receiver.record(self, body)
            if receiver.args.hang_seconds > 0:
                time.sleep(receiver.args.hang_seconds)
            answer = json.dumps({"ok": status < 400}).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the sender gave up first (a hang past its deadline)

        do_POST = do_PUT = do_GET = do_DELETE = do_PATCH = handle_any

        def log_message(self, format, *args):  # noqa: A002 (the base class's name)
            pass  # the JSON lines are the record

    return Handler


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--port-file")
    parser.add_argument("--log", required=True)
    parser.add_argument("--secret")
    parser.add_argument("--tolerance", type=int, default=300)
    parser.add_argument("--fail-first", type=int, default=0)
    parser.add_argument("--hang-seconds", type=float, default=0)
    parser.add_argument("--status", type=int, default=200)
    args = parser.parse_args()

    receiver = Receiver(args)
    server = ThreadingHTTPServer(("127.0.0.1", args.port), make_handler(receiver))
    server.daemon_threads = True
    port = server.server_address[1]
    if args.port_file:
        partial = args.port_file + ".partial"
        with open(partial, "w", encoding="utf-8") as f:
            f.write(f"{port}\n")
        os.replace(partial, args.port_file)
    print(json.dumps({"msg": "listening", "port": port}, separators=(",", ":")), flush=True)

    def stop(signum, frame):
        # shutdown() waits for serve_forever to return, so it runs off the main thread.
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    server.serve_forever()
    server.server_close()
    receiver.log.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
