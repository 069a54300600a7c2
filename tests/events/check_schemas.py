#!/usr/bin/env python3
"""Validates what the one event serializer writes (the hub-event-samples program prints one envelope per
line) against schemas/events/: the envelope schema, and the schema of the event's own type,
<type>.schema.json, which must exist for every type a producer writes. Exits non-zero on the first
envelope that does not validate or has no schema.
"""
import json
import pathlib
import subprocess
import sys

import jsonschema

program, root = sys.argv[1], pathlib.Path(sys.argv[2])
schemas = root / "schemas" / "events"
envelope_schema = json.loads((schemas / "envelope.schema.json").read_text())
checker = jsonschema.Draft202012Validator

seen = set()
lines = subprocess.run([program], check=True, capture_output=True, text=True).stdout.splitlines()
failures = 0
for line in lines:
    envelope = json.loads(line)
    kind = envelope["type"]
    seen.add(kind)
    for name, schema in (("envelope", envelope_schema), (kind, None)):
        if schema is None:
            path = schemas / f"{kind}.schema.json"
            if not path.exists():
                print(f"{kind}: no schema at {path.relative_to(root)}")
                failures += 1
                continue
            schema = json.loads(path.read_text())
            document = envelope["data"]
        else:
            document = envelope
        errors = sorted(checker(schema).iter_errors(document), key=lambda e: list(e.path))
        for e in errors:
            print(f"{kind}: {name} schema: {'/'.join(map(str, e.path))}: {e.message}")
            failures += 1
for path in sorted(schemas.glob("*.schema.json")):
    kind = path.name[: -len(".schema.json")]
    # Webhook payloads are not events: check_webhook_payloads.py checks them.
    if kind != "envelope" and not kind.startswith("webhook-payload.") and kind not in seen:
        print(f"{kind}: a schema no sample exercises (add one to tests/events/event_samples_main.cpp)")
        failures += 1
print(f"events: {len(lines)} envelopes of {len(seen)} types checked, {failures} problem(s)")
sys.exit(1 if failures else 0)
