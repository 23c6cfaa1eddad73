#!/usr/bin/env python3
"""Prints a PNG's width and height and the colours it uses most, as JSON, with the standard
library only (zlib): enough to tell a rendered page from a blank one, and light from dark."""
import json
import struct
import sys
import zlib
from collections import Counter

with open(sys.argv[1], "rb") as f:
    data = f.read()
if data[:8] != b"\x89PNG\r\n\x1a\n":
    print(json.dumps({"error": "not a PNG"}))
    sys.exit(0)
pos, idat, header = 8, b"", None
while pos < len(data):
    length, kind = struct.unpack(">I4s", data[pos:pos + 8])
    chunk = data[pos + 8:pos + 8 + length]
    if kind == b"IHDR":
        header = struct.unpack(">IIBBBBB", chunk)
    elif kind == b"IDAT":
        idat += chunk
    pos += 12 + length
width, height, depth, colour, _, _, interlace = header
channels = {2: 3, 6: 4, 0: 1, 4: 2}.get(colour)
if depth != 8 or channels is None or interlace:
    print(json.dumps({"width": width, "height": height, "error": "unsupported PNG layout"}))
    sys.exit(0)
raw = zlib.decompress(idat)
stride = width * channels
rows, prev, at = [], bytearray(stride), 0
for _ in range(height):
    kind, line = raw[at], bytearray(raw[at + 1:at + 1 + stride])
    at += 1 + stride
    for i in range(stride):
        a = line[i - channels] if i >= channels else 0
        b = prev[i]
        c = prev[i - channels] if i >= channels else 0
        if kind == 1:
            line[i] = (line[i] + a) & 255
        elif kind == 2:
            line[i] = (line[i] + b) & 255
        elif kind == 3:
            line[i] = (line[i] + (a + b) // 2) & 255
        elif kind == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    rows.append(bytes(line))
    prev = line
colours = Counter()
for y in range(0, height, 4):
    row = rows[y]
    for x in range(0, width, 4):
        colours[tuple(row[x * channels:x * channels + min(3, channels)])] += 1
print(json.dumps({"width": width, "height": height, "distinct": len(colours),
                  "top": [[list(c), n] for c, n in colours.most_common(5)]}))
