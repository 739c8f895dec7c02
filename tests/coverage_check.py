#!/usr/bin/env python3
"""coverage_check.py FORMAT FILE EXPECTED - checks one jfcoverage report.

Reads the report FILE written in FORMAT (table, csv, json or html) into
one line per topic, "LABEL|ART=N,ART=N*", where ART is the first three
characters of an article's file name, N its matching passages and "*"
marks an article that covers the topic, and compares those lines with
EXPECTED (the same form, one topic a line, in report order).  For html it
also checks that every in-page link has its target.  Exit 0 when they
agree, else 1 with the differences as TAP comments.
"""
import csv
import html.parser
import io
import json
import os
import re
import sys

fmt, path, expected = sys.argv[1], sys.argv[2], sys.argv[3]
text = open(path, encoding="utf-8", newline="").read()


def article(p):
    return os.path.basename(p)[:3]


def line(label, cells):
    return label + "|" + ",".join("%s=%s" % c for c in sorted(cells))


def from_json():
    doc = json.loads(text)
    return [line(t["label"], [(article(c["path"]), "%d%s" % (c["passages"], "*" if c["covered"] else ""))
                              for c in t["cells"]]) for t in doc["topics"]]


def from_csv():
    rows = list(csv.DictReader(io.StringIO(text)))
    topics = {}
    for r in rows:
        cells = topics.setdefault(r["label"], [])
        if r["path"]:
            cells.append((article(r["path"]), r["passages"] + ("*" if r["covered"] == "yes" else "")))
        elif r["passages"] != "0":
            sys.exit("# a row without an article has passages: %r" % r)
    return [line(label, cells) for label, cells in topics.items()]


def from_table():
    lines = text.split("\n")
    header = lines[0]
    columns = [(m.group(), m.end()) for m in re.finditer(r"A\d+", header)]
    label_end = header.index(columns[0][0]) - 1
    paths = {}
    for i, l in enumerate(lines):
        m = re.match(r"(A\d+)  ", l)
        if m:
            paths[m.group(1)] = lines[i + 1].split(" \u00b7 ")[-1].strip()
    out = []
    for l in lines[1:]:
        if not l.strip():
            break
        label = l[2:label_end].strip()
        cells, start = [], label_end
        for name, end in columns:
            cell = l[start:end].strip()
            start = end
            if cell != "\u00b7":
                cells.append((article(paths[name]), cell))
        out.append(line(label, cells))
    return out


class HeatMap(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.links = set(), []
        self.in_heat = self.in_articles = False
        self.columns, self.rows, self.paths = [], [], {}
        self.cell = None     # [class, text] of the td being read
        self.label = None    # the row's label, while in its <th><a>
        self.article = None  # the article list item being read
        self.stack = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and a.get("href", "").startswith("#"):
            self.links.append(a["href"][1:])
        if tag == "table" and a.get("class") == "heat":
            self.in_heat = True
        if tag == "ul" and a.get("class") == "articles":
            self.in_articles = True
        if self.in_heat and tag == "tr":
            self.rows.append(None)
        if self.in_heat and tag == "a" and self.stack and self.stack[-1] == "th":
            href = a["href"][1:]
            if re.fullmatch(r"a\d+", href):
                self.columns.append(href)
            else:
                self.rows[-1] = ["", []]
                self.label = True
        if self.in_heat and tag == "td" and self.rows and self.rows[-1] is not None:
            self.cell = [a.get("class"), ""]
        if self.in_articles and tag == "li":
            self.article = [a["id"], ""]
        self.stack.append(tag)

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop() != tag:
            pass
        if tag == "a":
            self.label = None
        if tag == "table":
            self.in_heat = False
        if tag == "ul":
            self.in_articles = False
        if tag == "td" and self.cell is not None:
            self.rows[-1][1].append(self.cell)
            self.cell = None
        if tag == "li" and self.article:
            self.paths[self.article[0]] = self.article[1].split(" \u00b7 ")[-2]
            self.article = None

    def handle_data(self, data):
        if self.label:
            self.rows[-1][0] += data
        if self.cell is not None:
            self.cell[1] += data
        if self.article:
            self.article[1] += data


def from_html():
    p = HeatMap()
    p.feed(text)
    missing = [l for l in p.links if l not in p.ids]
    if missing:
        sys.exit("# links without a target: %s" % missing)
    out = []
    for row in p.rows:
        if row is None:
            continue
        label, cells = row
        got = []
        for (cls, value), column in zip(cells, p.columns):
            if cls in ("covered", "mention"):
                got.append((article(p.paths[column]), value + ("*" if cls == "covered" else "")))
        out.append(line(label, got))
    return out


got = {"json": from_json, "csv": from_csv, "table": from_table, "html": from_html}[fmt]()
want = [l for l in expected.strip().split("\n")]
if got != want:
    print("# %s report differs from the articles as read:" % fmt)
    for g, w in zip(got + [""] * len(want), want + [""] * len(got)):
        if g != w:
            print("#   got:  %s\n#   want: %s" % (g, w))
    sys.exit(1)
