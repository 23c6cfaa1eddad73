#!/usr/bin/env python3
"""Parses an Atom feed with xml.etree and prints, as JSON, the elements RFC 4287 requires
(feed id/title/updated/author, each entry's id/title/updated/content) and the problems found."""
import json
import re
import sys
import xml.etree.ElementTree as ET

A = "{http://www.w3.org/2005/Atom}"
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
root = ET.parse(sys.argv[1]).getroot()
problems = []


def one(parent, name, where):
    found = parent.findall(A + name)
    if len(found) != 1:
        problems.append(f"{where}: {len(found)} <{name}>")
        return None
    return found[0]


if root.tag != A + "feed":
    problems.append(f"root is {root.tag}")
feed = {}
for name in ("id", "title", "updated"):
    el = one(root, name, "feed")
    feed[name] = el.text if el is not None else None
if feed.get("updated") and not DATE.match(feed["updated"]):
    problems.append("feed updated is not RFC 3339")
feed_author = root.find(A + "author")
entries = []
for i, e in enumerate(root.findall(A + "entry")):
    entry = {}
    for name in ("id", "title", "updated"):
        el = one(e, name, f"entry {i}")
        entry[name] = el.text if el is not None else None
    if entry.get("updated") and not DATE.match(entry["updated"]):
        problems.append(f"entry {i} updated is not RFC 3339")
    content = e.find(A + "content")
    if content is None:
        problems.append(f"entry {i}: no content")
    else:
        entry["content_type"] = content.get("type")
        entry["content"] = content.text or ""
    if feed_author is None and e.find(A + "author") is None:
        problems.append(f"entry {i}: no author and the feed has none")
    entry["links"] = [(l.get("rel"), l.get("href")) for l in e.findall(A + "link")]
    entries.append(entry)
ids = [e["id"] for e in entries]
if len(set(ids)) != len(ids):
    problems.append("entry ids repeat")
feed["author"] = feed_author.findtext(A + "name") if feed_author is not None else None
feed["links"] = [(l.get("rel"), l.get("href")) for l in root.findall(A + "link")]
print(json.dumps({"feed": feed, "entries": entries, "problems": problems}))
