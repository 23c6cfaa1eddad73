#!/usr/bin/env python3
"""Parses a message with Python's email package (policy=default, the strict modern parser) and
prints its headers, decoded, and its text and HTML parts as JSON; with any defect the parser
registered."""
import json
import sys
from email import policy
from email.parser import BytesParser

with open(sys.argv[1], "rb") as f:
    msg = BytesParser(policy=policy.default).parse(f)
plain = msg.get_body(preferencelist=("plain",))
html = msg.get_body(preferencelist=("html",))
defects = [type(d).__name__ for part in msg.walk() for d in part.defects]
print(json.dumps({
    "subject": str(msg["subject"]), "from": str(msg["from"]), "to": str(msg["to"]),
    "to_addresses": [a.addr_spec for a in msg["to"].addresses],
    "to_names": [a.display_name for a in msg["to"].addresses],
    "date": msg["date"].datetime.isoformat() if msg["date"] else None,
    "message_id": str(msg["message-id"]), "mime_version": str(msg["mime-version"]),
    "content_type": msg.get_content_type(),
    "parts": [part.get_content_type() for part in msg.iter_parts()],
    "charsets": [part.get_content_charset() for part in msg.iter_parts()],
    "encodings": [part["content-transfer-encoding"] for part in msg.iter_parts()],
    "text": plain.get_content() if plain else None,
    "html": html.get_content() if html else None,
    "defects": defects,
}))
