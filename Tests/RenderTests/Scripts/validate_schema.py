#!/usr/bin/env python3
"""Validates JSON documents against docs/digest.schema.json (JSON Schema draft 2020-12) with the
`jsonschema` package. Exit 0 when every document is valid, 1 with the errors, 3 when jsonschema
is not installed (the caller skips)."""
import json
import sys

try:
    import jsonschema
except ImportError:
    print("python3 has no jsonschema module (scripts/install-deps installs it)")
    sys.exit(3)

with open(sys.argv[1], encoding="utf-8") as f:
    schema = json.load(f)
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)
failed = False
for path in sys.argv[2:]:
    with open(path, encoding="utf-8") as f:
        document = json.load(f)
    for error in validator.iter_errors(document):
        failed = True
        print(f"{path}: {'/'.join(map(str, error.absolute_path))}: {error.message}")
sys.exit(1 if failed else 0)
