#!/usr/bin/env python3
"""json_check.py FILE EXIT_STATUS - checks one `jfsearch --json` output.

Exit 0 when the file is a single JSON object of the documented shape
(or, when jfsearch exited 2, empty output), else 1 with the reason.
"""
import json
import re
import sys

path, status = sys.argv[1], int(sys.argv[2])
raw = open(path, "rb").read()


def fail(why):
    print("# " + why)
    print("# output: " + repr(raw[:300]))
    sys.exit(1)


if status == 2:
    sys.exit(0 if raw == b"" else fail("an error printed something on stdout"))
if status not in (0, 1):
    fail(f"exit status {status}")
try:
    doc = json.loads(raw.decode("utf-8"))
except ValueError as e:
    fail(f"not UTF-8 JSON: {e}")
if set(doc) < {"query", "total", "results"} or not isinstance(doc["results"], list):
    fail("missing query/total/results")
if not isinstance(doc["query"], str) or not isinstance(doc["total"], int):
    fail("query is not a string or total not an integer")
if not isinstance(doc.get("estimated"), bool) or not isinstance(doc.get("complete"), int):
    fail("estimated is not a boolean or complete not an integer")
if (status == 0) != bool(doc["results"]):
    fail("exit status does not agree with results")
keys = {"rank", "score", "article_id", "path", "title", "passage", "text",
        "snippet", "highlights"}
for r in doc["results"]:
    if not keys <= set(r):
        fail(f"a result lacks {keys - set(r)}")
    # The id jfserve's /article/ID and the coverage report name it by.
    if not re.fullmatch(r"[0-9a-f]{16}", r["article_id"]):
        fail(f"article_id {r['article_id']!r} is not 16 hex digits")
    snip = r["snippet"].encode("utf-8")
    last = 0
    for s, e in r["highlights"]:
        if not (last <= s < e <= len(snip)):
            fail(f"highlight {s},{e} out of order or outside the snippet")
        try:
            snip[s:e].decode("utf-8")
        except UnicodeDecodeError:
            fail(f"highlight {s},{e} splits a character")
        last = e
sys.exit(0)
