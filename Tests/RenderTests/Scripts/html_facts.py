#!/usr/bin/env python3
"""Reads an HTML file with Python's html.parser and prints, as JSON, what a browser would act on:
the elements, every attribute that runs script or loads anything, and every link. The tests
assert on these facts (a page is inert when it has no script, no event handler, no foreign
resource and no link but http(s) and its own anchors)."""
import json
import sys
from html.parser import HTMLParser


class Facts(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = {}
        self.handlers = []
        self.hrefs = []
        self.sources = []
        self.text = []
        self.meta = []

    def handle_starttag(self, tag, attrs):
        self.tags[tag] = self.tags.get(tag, 0) + 1
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.handlers.append(f"{tag} {name}={value}")
            if name in ("href", "xlink:href"):
                self.hrefs.append(value)
            if name in ("src", "srcset", "data", "action", "formaction", "poster", "background"):
                self.sources.append(f"{tag} {name}={value}")
        if tag == "meta":
            self.meta.append(dict(attrs))

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        self.text.append(data)


facts = Facts()
with open(sys.argv[1], encoding="utf-8") as f:
    facts.feed(f.read())
facts.close()
print(json.dumps({"tags": facts.tags, "handlers": facts.handlers, "hrefs": facts.hrefs,
                  "sources": facts.sources, "meta": facts.meta, "text": "".join(facts.text)}))
