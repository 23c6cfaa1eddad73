#!/usr/bin/env python3
"""Count the patch emails of a public-inbox range, independently of patchdigest.

usage: python3 scripts/independent_count.py GITDIR FROM TO

GITDIR is one public-inbox epoch (or v1 inbox) repository. FROM..TO is the commit range, as
`git rev-list FROM..TO`; an empty FROM ("") means from the root. Prints one JSON object:

  {"messages": N, "removals": N, "patches": N, "pullRequests": N,
   "contributors": [{"email": ..., "count": N}, ...],
   "domains": [{"domain": ..., "count": N}, ...],
   "failures": N}

This is a second implementation of the counting rules, built only on Python's standard
`email` package, so that real-data tests can compare the Swift tool against it. It shares no
code or parsing strategy with the tool on purpose: where the two disagree, one of them is wrong.

Rules:
  * a patch email is a message whose subject (unfolded, RFC 2047-decoded, whitespace collapsed)
    is not a reply or forward and starts with one or more [...] groups holding a word PATCH
    (also glued, as PATCHv2), RFC, or a counter n/N; [GIT PULL ...] and [PULL ...] are pull
    requests, counted apart;
  * its author is the in-body From: (a block of From/Subject/Date lines at the top of the first
    text/plain part, as git mailinfo reads it), else X-Original-From when the From header is a
    list's DMARC rewrite ("Name via List"), else the From header;
  * "failures" counts messages whose headers Python's default policy could not handle; those
    are read again with the compat32 policy.
"""

import argparse
import email
import email.header
import email.parser
import email.policy
import email.utils
import json
import re
import subprocess
import sys
import threading
import time
from collections import Counter

# Reply and forward markers, possibly repeated, localized, or counted (Re[2]:).
REPLY_RE = re.compile(r"^(?:(?:re|aw|fwd?|antw|sv|wg)(?:\[\d+\])?\s*:\s*)+", re.IGNORECASE)
# The run of leading [...] groups.
GROUPS_RE = re.compile(r"^(?:\[[^\[\]]*\]\s*)+")
GROUP_RE = re.compile(r"\[([^\[\]]*)\]")
# PATCH / RFC as a word of their own or glued to a version (PATCHv2, RFCv3, PATCH-v2).
PATCH_WORD_RE = re.compile(r"(?<![a-z])(?:patch|rfc)(?:v\d[\d.]*)?(?![a-z])", re.IGNORECASE)
COUNTER_RE = re.compile(r"(?<!\d)\d+\s*/\s*\d+(?!\d)")
PULL_RE = re.compile(r"^\s*(?:git\s+)?pull\b", re.IGNORECASE)
VIA_RE = re.compile(r"\s+via\s+\S+\s*$", re.IGNORECASE)
INBODY_HEADER_RE = re.compile(r"^(from|subject|date)\s*:(.*)$", re.IGNORECASE)
WS_RE = re.compile(r"\s+")


def classify(subject):
    """Return 'patch', 'pull' or None for a normalized subject."""
    if REPLY_RE.match(subject):
        return None
    m = GROUPS_RE.match(subject)
    if not m:
        return None
    groups = GROUP_RE.findall(m.group(0))
    if any(PULL_RE.match(g) for g in groups):
        return "pull"
    for g in groups:
        if PATCH_WORD_RE.search(g) or COUNTER_RE.search(g):
            return "patch"
    return None


def decode_words(value):
    """RFC 2047-decode a raw header value; adjacent encoded words join without a space."""
    parts = []
    try:
        for chunk, charset in email.header.decode_header(value):
            if isinstance(chunk, bytes):
                parts.append(decode_bytes(chunk, charset))
            else:
                parts.append(chunk)
    except Exception:
        return value
    return "".join(parts)


def decode_bytes(data, charset):
    for cs in (charset, "utf-8", "windows-1252"):
        if not cs:
            continue
        try:
            return data.decode(cs)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("latin-1")


def normalize(text):
    return WS_RE.sub(" ", text or "").strip()


def first_text_plain(msg):
    """Decoded text of the first text/plain part, walking the MIME tree; '' when none."""
    for part in msg.walk():
        if part.is_multipart():
            continue
        if part.get_content_type() != "text/plain":
            continue
        try:
            payload = part.get_payload(decode=True)
        except Exception:
            payload = None
        if payload is None:
            raw = part.get_payload()
            return raw if isinstance(raw, str) else ""
        try:
            charset = part.get_content_charset()
        except Exception:
            charset = None
        return decode_bytes(payload, charset)
    return ""


def inbody_from(text):
    """The From: of the in-body header block at the top of the text, as git mailinfo reads it."""
    lines = text.splitlines()
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    found = None
    current = None
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            break
        if line[:1] in (" ", "\t") and current is not None:
            if current[0] == "from":
                found += " " + line.strip()
        else:
            m = INBODY_HEADER_RE.match(line)
            if not m:
                break
            current = (m.group(1).lower(),)
            if current[0] == "from" and found is None:
                found = m.group(2).strip()
        i += 1
    return found


def address(value):
    """Lowercased address of a From-like value (decoded first); None when there is none."""
    if not value:
        return None
    name, addr = email.utils.parseaddr(decode_words(str(value)))
    addr = addr.strip().lower()
    return addr or None


class Headers:
    """From / X-Original-From / Subject of one message, read with one policy or the other."""

    def __init__(self, msg, modern):
        if modern:
            # Accessing a header under policy.default parses it; that is what may raise.
            self.subject = normalize(str(msg["subject"] or ""))
            from_header = msg["from"]
            self.from_raw = str(from_header or "")
            self.from_name = ""
            self.from_addr = None
            if from_header is not None and from_header.addresses:
                first = from_header.addresses[0]
                self.from_name = first.display_name or ""
                self.from_addr = (first.addr_spec or "").lower() or None
            original = msg["x-original-from"]
            self.original = str(original) if original is not None else None
        else:
            self.subject = normalize(decode_words(str(msg.get("subject", "") or "")))
            self.from_raw = str(msg.get("from", "") or "")
            name, addr = email.utils.parseaddr(decode_words(self.from_raw))
            self.from_name = name
            self.from_addr = addr.lower() or None
            original = msg.get("x-original-from")
            self.original = str(original) if original is not None else None


def examine(raw, modern):
    """(kind, author) of one message read with the default policy or with compat32."""
    policy = email.policy.default if modern else email.policy.compat32
    msg = email.parser.BytesParser(policy=policy).parsebytes(raw)
    headers = Headers(msg, modern)
    kind = classify(headers.subject)
    if kind != "patch":
        return kind, None
    author = address(inbody_from(first_text_plain(msg)))
    if author is None and VIA_RE.search(headers.from_name or "") and headers.original:
        author = address(headers.original)
    if author is None:
        author = headers.from_addr or address(headers.from_raw) or "(none)"
    return kind, author


def read_message(raw):
    """(kind, author, fell_back): the default policy first, compat32 when it raises."""
    try:
        return (*examine(raw, modern=True), False)
    except Exception:
        return (*examine(raw, modern=False), True)


def stream_messages(gitdir, from_rev, to_rev):
    """Yield the raw message of each commit in the range (None for a removal), oldest first.

    One `git cat-file --batch` answers every `<commit>:m` request; a feeder thread passes
    rev-list's output to it so that neither side waits for the whole list.
    """
    rng = f"{from_rev}..{to_rev}" if from_rev else to_rev
    revlist = subprocess.Popen(["git", "--git-dir", gitdir, "rev-list", "--reverse", rng],
                               stdout=subprocess.PIPE)
    catfile = subprocess.Popen(["git", "--git-dir", gitdir, "cat-file", "--batch"],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=1 << 16)

    def feed():
        try:
            for line in revlist.stdout:
                catfile.stdin.write(line.rstrip(b"\n") + b":m\n")
        finally:
            catfile.stdin.close()

    feeder = threading.Thread(target=feed, daemon=True)
    feeder.start()
    out = catfile.stdout
    while True:
        header = out.readline()
        if not header:
            break
        fields = header.split()
        if len(fields) == 2 and fields[1] == b"missing":
            yield None
            continue
        if len(fields) != 3:
            raise RuntimeError(f"unexpected cat-file answer: {header!r}")
        size = int(fields[2])
        data = out.read(size)
        out.read(1)  # the newline after the contents
        yield data
    feeder.join()
    if revlist.wait() != 0:
        raise SystemExit(f"git rev-list {rng} failed")
    if catfile.wait() != 0:
        raise SystemExit("git cat-file --batch failed")


def count(gitdir, from_rev, to_rev):
    messages = removals = patches = pulls = failures = 0
    contributors = Counter()
    for raw in stream_messages(gitdir, from_rev, to_rev):
        if raw is None:
            removals += 1
            continue
        messages += 1
        kind, author, fell_back = read_message(raw)
        failures += fell_back
        if kind == "pull":
            pulls += 1
        elif kind == "patch":
            patches += 1
            contributors[author] += 1

    domains = Counter()
    for addr, n in contributors.items():
        domains[addr.rpartition("@")[2] if "@" in addr else addr] += n
    ordered = lambda counter: sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    return {
        "messages": messages,
        "removals": removals,
        "patches": patches,
        "pullRequests": pulls,
        "contributors": [{"email": e, "count": n} for e, n in ordered(contributors)],
        "domains": [{"domain": d, "count": n} for d, n in ordered(domains)],
        "failures": failures,
    }


def main():
    parser = argparse.ArgumentParser(
        description="Independent count of patch emails in a public-inbox commit range.",
        usage="%(prog)s GITDIR FROM TO   (FROM may be \"\" for the root)")
    parser.add_argument("gitdir")
    parser.add_argument("from_rev", metavar="FROM")
    parser.add_argument("to_rev", metavar="TO")
    parser.add_argument("--timing", action="store_true", help="print the elapsed time to stderr")
    args = parser.parse_args()
    start = time.monotonic()
    result = count(args.gitdir, args.from_rev, args.to_rev)
    # Valid JSON, one list entry per line so that diffs of two runs stay readable.
    lines = []
    for key, value in result.items():
        if isinstance(value, list):
            items = ",\n".join("  " + json.dumps(v, ensure_ascii=False) for v in value)
            lines.append(f"{json.dumps(key)}: [\n{items}\n ]" if value else f"{json.dumps(key)}: []")
        else:
            lines.append(f"{json.dumps(key)}: {json.dumps(value)}")
    sys.stdout.write("{\n " + ",\n ".join(lines) + "\n}\n")
    if args.timing:
        print(f"{result['messages'] + result['removals']} commits in "
              f"{time.monotonic() - start:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
