#!/usr/bin/python3
"""validate_json.py <schema> <document>...: exits non-zero, naming the problem, if a document does
not match the JSON Schema. Used by tests to hold what the code writes to what schemas/ publishes."""
import json
import sys

import jsonschema

with open(sys.argv[1]) as f:
    schema = json.load(f)
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
failed = False
for path in sys.argv[2:]:
    with open(path) as f:
        doc = json.load(f)
    for error in validator.iter_errors(doc):
        failed = True
        print(f"{path}: {'/'.join(map(str, error.path))}: {error.message}")
sys.exit(1 if failed else 0)
