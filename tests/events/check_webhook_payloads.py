#!/usr/bin/env python3
"""Validates the webhook payloads the notifications service builds against
schemas/events/webhook-payload.v3.schema.json: every event sample hub-event-samples prints goes
through hub-webhook-payload-samples (which prints `<event type>\t<payload>` lines), and each payload
must validate. Fails when a scope of the mapping (docs/webhooks.md) is never exercised.
"""
import json
import pathlib
import subprocess
import sys

import jsonschema

events_program, payloads_program, root = sys.argv[1], sys.argv[2], pathlib.Path(sys.argv[3])
schema = json.loads((root / "schemas" / "events" / "webhook-payload.v3.schema.json").read_text())
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)

envelopes = subprocess.run([events_program], check=True, capture_output=True, text=True).stdout
lines = subprocess.run([payloads_program], input=envelopes, check=True, capture_output=True,
                       text=True).stdout.splitlines()
failures = 0
scopes = set()
for line in lines:
    kind, _, body = line.partition("\t")
    payload = json.loads(body)
    scopes.add(payload["event"]["scope"])
    for e in sorted(validator.iter_errors(payload), key=lambda e: list(e.path)):
        print(f"{kind}: {'/'.join(map(str, e.path))}: {e.message}")
        failures += 1
expected = {"repo", "repo.content", "repo.config", "discussion", "discussion.comment", "pull_request.review", "status",
            "bug", "bug.comment", "bug.label", "bug.template", "webhook"}
for missing in sorted(expected - scopes):
    print(f"scope {missing}: no sample payload")
    failures += 1
print(f"webhook payloads: {len(lines)} checked, {len(scopes)} scopes, {failures} problem(s)")
sys.exit(1 if failures else 0)
