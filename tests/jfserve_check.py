#!/usr/bin/env python3
"""jfserve_check.py - HTTP checks of a running jfserve, for jfserve.test.

  jfserve_check.py URL GROUP [ARG...]

Runs the checks of GROUP against the server at URL and prints one TAP line
per check, unnumbered ("ok - ...", "not ok - ...", "# ..." for details):
jfserve.test numbers them.  Groups:

  headers                 status codes and the headers every answer has
  search JFSEARCH INDEX   pages and /api/search against jfsearch --json
  hostile                 escaping, bad input, oversized and malformed
                          requests, a flood of hostile ones
  slow IDLE               idle and slow connections, per-address limits
  reopen JFINDEX INDEX CORPUS   searches follow jfindex's commits
  coverage JFCOVERAGE INDEX TOPICS   the coverage view against jfcoverage

Only the standard library: urllib and http.client for well-formed
requests, raw sockets for the rest.
"""

import csv
import http.client
import io
import json
import os
import random
import re
import select
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse

URL = sys.argv[1]
GROUP = sys.argv[2]
ARGS = sys.argv[3:]
PARTS = urllib.parse.urlsplit(URL)
HOST, PORT = PARTS.hostname, PARTS.port

CSP = ("default-src 'none'; style-src 'self'; form-action 'self'; "
       "frame-ancestors 'none'; base-uri 'none'")
failed = 0


def check(ok, description, detail=None):
    global failed
    print(("ok - " if ok else "not ok - ") + description, flush=True)
    if not ok:
        failed += 1
        if detail is not None:
            for line in str(detail).splitlines()[:30]:
                print("#   " + line, flush=True)
    return ok


class Answer:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    def header(self, name):
        return self.headers.get(name.lower())

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    def json(self):
        return json.loads(self.body.decode("utf-8"))


def get(path, method="GET", headers=None, timeout=30):
    """One request on a connection of its own."""
    c = http.client.HTTPConnection(HOST, PORT, timeout=timeout)
    try:
        c.request(method, path, headers=headers or {})
        r = c.getresponse()
        body = r.read()
        return Answer(r.status, {k.lower(): v for k, v in r.getheaders()},
                      body)
    finally:
        c.close()


def raw(data, timeout=10, source=None):
    """Sends DATA as is and returns all the server answers until it closes
    (b"" when it closes without a word)."""
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(timeout)
    if source:
        s.bind((source, 0))
    try:
        s.connect((HOST, PORT))
        s.sendall(data)
        try:
            s.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        out = b""
        while True:
            try:
                chunk = s.recv(65536)
            except (ConnectionResetError, BrokenPipeError):
                break
            if not chunk:
                break
            out += chunk
        return out
    finally:
        s.close()


def raw_status(data, **kw):
    m = re.match(rb"HTTP/1\.[01] (\d{3})", raw(data, **kw))
    return int(m.group(1)) if m else None


def q(params):
    return urllib.parse.urlencode(params)


def valid_utf8(b):
    try:
        b.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def answers_ok():
    """Whether the server still answers a search."""
    try:
        a = get("/search?q=japan", timeout=10)
        return a.status == 200 and b"<ol class=\"hits\"" in a.body
    except OSError:
        return False


# ------------------------------------------------------------- headers

def group_headers():
    pages = ["/", "/search?q=japan", "/api/search?q=japan",
             "/coverage", "/style.css", "/nowhere", "/search?q=%FF"]
    for path in pages:
        a = get(path)
        check(a.header("Content-Security-Policy") == CSP,
              "%s: the strict Content-Security-Policy" % path,
              a.header("Content-Security-Policy"))
        check(a.header("X-Content-Type-Options") == "nosniff"
              and a.header("X-Frame-Options") == "DENY"
              and a.header("Referrer-Policy") == "no-referrer",
              "%s: nosniff, no framing, no referrer" % path, a.headers)
    for path, status, ctype in [
            ("/", 200, "text/html; charset=utf-8"),
            ("/search", 200, "text/html; charset=utf-8"),
            ("/search?q=reciprocal+access", 200, "text/html; charset=utf-8"),
            ("/api/search?q=japan", 200, "application/json; charset=utf-8"),
            ("/style.css", 200, "text/css; charset=utf-8"),
            ("/coverage", 200, "text/html; charset=utf-8"),
            ("/favicon.ico", 404, "text/html; charset=utf-8"),
            ("/search/", 404, "text/html; charset=utf-8"),
            ("/api/search", 400, "application/json; charset=utf-8")]:
        a = get(path)
        check(a.status == status and a.header("Content-Type") == ctype,
              "GET %s: %d %s" % (path, status, ctype),
              "%s %s" % (a.status, a.header("Content-Type")))
    a = get("/search?q=japan")
    check(a.header("Cache-Control") == "no-store", "pages are not cached")
    check(get("/style.css").header("Cache-Control") == "max-age=3600",
          "the stylesheet may be cached an hour")
    for method in ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"]:
        a = get("/search", method=method)
        check(a.status == 405 and a.header("Allow") == "GET, HEAD",
              "%s: 405, Allow: GET, HEAD" % method,
              "%s %s" % (a.status, a.header("Allow")))
    a = get("/search?q=japan", method="HEAD")
    b = get("/search?q=japan")
    check(a.status == 200 and a.body == b"" and
          a.header("Content-Length") == str(len(b.body)),
          "HEAD: the GET's headers and length, no body",
          "%s %r %s" % (a.status, a.body[:40], a.header("Content-Length")))
    # Keep-alive: several requests on one connection.
    c = http.client.HTTPConnection(HOST, PORT, timeout=10)
    statuses = []
    for path in ["/", "/style.css", "/search?q=taiwan", "/api/search?q=raa"]:
        c.request("GET", path)
        r = c.getresponse()
        r.read()
        statuses.append(r.status)
    c.close()
    check(statuses == [200] * 4, "four requests on one kept-alive connection",
          statuses)


# -------------------------------------------------------------- search

def jfsearch_json(jfsearch, index, query, *options):
    r = subprocess.run([jfsearch, "--index", index, "--json"] + list(options)
                       + ["--", query], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE)
    return json.loads(r.stdout) if r.stdout.strip() else None


def hits_of(html):
    """(rank, title, href) of each result on a search page."""
    return [(int(m.group(1)), m.group(3), m.group(2)) for m in re.finditer(
        r'<span class="rank">(\d+)\.</span><a href="([^"]*)">([^<]*)</a>',
        html)]


def group_search(jfsearch, index):
    import html as htmlmod
    queries = ["reciprocal access", "taiwan", "RAA", "senkako",
               "\"indo-pacific\" -china", "title:france japan",
               "source:reuters", "kishida OR macron", "zzzzqqq"]
    for query in queries:
        a = get("/api/search?" + q({"q": query}))
        want = jfsearch_json(jfsearch, index, query)
        got = a.json() if a.status == 200 else None
        version = got.pop("schema_version", None) if got else None
        check(a.status == 200 and version == 1 and got == want,
              "/api/search?q=%s is jfsearch --json's object plus "
              "schema_version 1" % query,
              "%s\n%s\n%s" % (a.status, json.dumps(got)[:600],
                              json.dumps(want)[:600]))
        page = get("/search?" + q({"q": query}))
        ranks = [(h[0], htmlmod.unescape(h[1])) for h in hits_of(page.text)]
        check(page.status == 200 and ranks == [(r["rank"], r["title"] or
                                                "(no headline)")
                                               for r in want["results"]],
              "the search page for %s lists jfsearch's results in order"
              % query, "%s\n%s" % (ranks, [(r["rank"], r["title"])
                                           for r in want["results"]]))
    # Options the API shares with jfsearch.
    for params, options in [
            ({"q": "japan", "limit": "3", "offset": "2"},
             ["--limit", "3", "--offset", "2"]),
            ({"q": "japan", "articles": "1"}, ["--articles"]),
            ({"q": "japan taiwan", "any": "1"}, ["--any"]),
            ({"q": "japan", "since": "2023-05", "until": "2023-05-31"},
             ["--since", "2023-05", "--until", "2023-05-31"])]:
        a = get("/api/search?" + q(params))
        got = a.json()
        got.pop("schema_version", None)
        want = jfsearch_json(jfsearch, index, params["q"], *options)
        check(got == want, "/api/search?%s = jfsearch %s" %
              (q(params), " ".join(options)), json.dumps(got)[:300])
    # source=X is the filter source:"X".
    a = get("/api/search?" + q({"q": "japan", "source": "Reuters"}))
    want = jfsearch_json(jfsearch, index, 'japan source:"Reuters"')
    got = a.json()
    got.pop("schema_version", None)
    check(got == want and got["total"] > 0 and all(
        "Reuters" in r["source"] for r in got["results"]),
        "source=Reuters adds the filter source:\"Reuters\"",
        json.dumps(got)[:300])
    a = get("/api/search?" + q({"q": "japan", "source": 'Reu"ters'}))
    check(a.status == 200 and a.json()["query"] == 'japan source:"Reuters"',
          "quotes in source are taken out", a.body[:200])
    a = get("/search?" + q({"q": "japan", "since": "2023-05-01",
                            "until": "2023-05-31"}))
    dates = re.findall(r"<time>([^<]*)</time>", a.text)
    check(a.status == 200 and dates and
          all("2023-05-01" <= d <= "2023-05-31" for d in dates),
          "a date filter keeps only articles of those dates", dates)
    # Paging.
    p1 = hits_of(get("/search?q=japan").text)
    p2 = hits_of(get("/search?q=japan&page=2").text)
    check(len(p1) == 10 and p2 and p2[0][0] == 11,
          "page 2 starts at rank 11", (len(p1), p2[:1]))
    check('rel="next"' in get("/search?q=japan").text and
          'rel="prev"' in get("/search?q=japan&page=2").text,
          "pages link to the next and previous ones")
    # Notices: correction, expansion.
    a = get("/search?q=senkako")
    check("Showing results for <b>senkaku</b>" in a.text,
          "a misspelling is corrected, and the page says so")
    a = get("/search?q=RAA")
    check('class="notice expanded">Expanded: RAA' in a.text,
          "an acronym's expansion is shown")
    check("<mark>" in a.text, "matches are marked")
    # Following a result to its article.
    page = get("/search?q=reciprocal+access")
    href = htmlmod.unescape(hits_of(page.text)[0][2])
    m = re.match(r"/article/([0-9a-f]{16})\?q=reciprocal\+access#p(\d+)$",
                 href)
    check(m is not None, "a result links to /article/ID?q=...#pN", href)
    art = get(href.split("#")[0])
    want = jfsearch_json(jfsearch, index, "reciprocal access")["results"][0]
    check(m is not None and want["article_id"] == m.group(1),
          "the JSON's article_id is the id the article page is found by",
          (want["article_id"], href))
    check(art.status == 200 and
          htmlmod.unescape(re.search(r"<h1>([^<]*)</h1>", art.text).group(1))
          == want["title"], "the article page has the result's headline")
    passages = re.findall(r'<li id="p(\d+)" class="([^"]*)">(.*?)</li>',
                          art.text)
    check(len(passages) > 1 and [int(p[0]) for p in passages] ==
          list(range(len(passages))),
          "it lists every passage, from the headline, in order",
          [p[0] for p in passages])
    target = [p for p in passages if p[0] == m.group(2)]
    check(target and "match" in target[0][1] and
          "<mark>reciprocal</mark>" in target[0][2].lower(),
          "the passage linked to is there, with its matches marked",
          target)
    text = htmlmod.unescape(re.sub(r"</?mark>", "", target[0][2]))
    check(text == " ".join(want["text"].split()),
          "its text is the indexed passage's", (text, want["text"]))
    plain = get(href.split("?")[0])
    check(plain.status == 200 and "<mark>" not in plain.text,
          "without q, nothing is marked")
    check(get("/article/0123456789abcdef").status == 404,
          "an id the index does not hold: 404")


# ------------------------------------------------------------- hostile

SCRIPT = '<script>alert(1)</script>'
EVIL = [SCRIPT, '"><script>alert(1)</script>', "'><img src=x onerror=1>",
        "</textarea><script>x()</script>", "javascript:alert(1)"]
PAGES = {"/search": ["q", "since", "until", "source", "page"],
         "/": ["q", "source"],
         "/api/search": ["q", "since", "until", "source", "limit", "offset",
                         "articles", "any"],
         "/article/788c8d12c6b572cb": ["q"],
         "/coverage": ["topics", "since", "until", "min"],
         "/coverage.csv": ["topics"], "/coverage.json": ["topics"]}


def no_markup(a):
    """Whether a response body has no tag or attribute an attacker made."""
    low = a.body.lower()
    if not a.header("Content-Type").startswith("text/html"):
        return True  # JSON or CSV: data, which nosniff keeps data
    return (b"<script" not in low and b"<img" not in low and
            b'href="javascript' not in low)


def group_hostile(flood="3000"):
    bad = []
    for path, params in PAGES.items():
        for name in params:
            for evil in EVIL:
                base = {"q": "japan"} if name != "q" and "article" not in \
                    path and "coverage" not in path else {}
                base[name] = evil
                a = get(path + "?" + q(base))
                if a.status not in (200, 400) or not no_markup(a) or \
                        not valid_utf8(a.body):
                    bad.append((path, name, evil, a.status))
    check(not bad, "%d escaping checks: <script> and friends in every "
          "parameter of every page come back as text (200 or 400)" %
          sum(len(p) * len(EVIL) for p in PAGES.values()), bad)
    a = get("/search?" + q({"q": SCRIPT}))
    check("&lt;script&gt;alert(1)&lt;/script&gt;" in a.text,
          "the query is shown escaped", a.text[:200])
    a = get("/coverage?" + q({"topics": "Evil</textarea><script>: x"}))
    check(a.status == 200 and "</textarea><script>" not in a.text and
          "Evil&lt;/textarea&gt;&lt;script&gt;" in a.text,
          "a typed topic cannot close the textarea", a.status)
    a = get("/api/search?" + q({"q": SCRIPT}))
    check(a.status == 200 and a.json()["query"] == SCRIPT and
          a.header("X-Content-Type-Options") == "nosniff",
          "the API returns the query as JSON data, marked nosniff")

    # Invalid UTF-8, encoded and raw.
    for path in ["/search?q=%FF", "/search?q=caf%C3", "/search?source=%C0%AF",
                 "/api/search?q=%ED%A0%80", "/article/788c8d12c6b572cb?q=%FE",
                 "/coverage?topics=%FF", "/search?q=a%00b",
                 "/search?q=%1B%5B31m"]:
        a = get(path)
        check(a.status == 400 and valid_utf8(a.body) and
              b"not valid UTF-8" in a.body,
              "%s: 400, saying the value is not UTF-8 text" % path,
              (a.status, a.body[-300:]))
    status = raw_status(b"GET /search?q=\xff\xfe HTTP/1.1\r\nHost: x\r\n\r\n")
    check(status == 400, "raw bytes that are not ASCII in the path or query: "
          "400", status)
    # Paths: never a file.
    for path in [b"/../../../../etc/passwd", b"/%2e%2e/%2e%2e/etc/passwd",
                 b"/article/../../etc/passwd", b"/style.css/../../etc/passwd",
                 b"/article/%2e%2e%2fetc%2fpasswd", b"//etc/passwd",
                 b"/./search", b"/article/788C8D12C6B572CB",
                 b"/article/788c8d12c6b572cb/", b"/.git/config",
                 b"/search%3fq=x", b"/README.md", b"/corpus/"]:
        r = raw(b"GET " + path + b" HTTP/1.1\r\nHost: x\r\n\r\n")
        m = re.match(rb"HTTP/1\.1 (\d{3})", r)
        check(m and m.group(1) in (b"404", b"400") and b"root:" not in r
              and b"[core]" not in r,
              "%s: %s, no file" % (path.decode(), m.group(1).decode()
                                   if m else "closed"))
    # Parameters.
    for path, why in [("/search?q=a&q=b", "given twice"),
                      ("/search?Q=a", "a-z, 0-9"),
                      ("/search?qq=a", "Unknown parameter"),
                      ("/style.css?v=1", "takes none"),
                      ("/search?q=%zz", "%-escape"),
                      ("/search?q=%4", "%-escape"),
                      ("/search?since=yesterday&q=a", "is not a date"),
                      ("/search?since=2023-02-30&q=a", "is not a date"),
                      ("/search?since=2024&until=2023&q=a", "since is after"),
                      ("/search?q=a&page=0", "page"),
                      ("/search?q=a&page=101", "page"),
                      ("/api/search?q=a&limit=1000", "limit"),
                      ("/api/search?q=a&offset=-1", "offset"),
                      ("/api/search?q=a&any=maybe", "any"),
                      ("/search?q=" + "x" * 1025, "longer than 1024"),
                      ("/search?q=japan&source=" + "r" * 257, "longer than"),
                      ("/search?" + "&".join("p%d=1" % i for i in range(17)),
                       "more than 16"),
                      ("/search?q=NOT+japan", "only excludes words"),
                      ("/coverage?topics=" + "a" * 8193, "longer than 8192"),
                      ("/coverage?topics=" + "%0A".join(
                          "t%d" % i for i in range(31)), "more than 30"),
                      ("/coverage?topics=x%3A", "no query after"),
                      ("/coverage?min=0", "min")]:
        a = get(path)
        check(a.status == 400 and why.encode() in a.body,
              "%s: 400 saying %r" % (path[:60], why),
              (a.status, re.sub(r"\s+", " ", a.text)[-400:]))
    a = get("/search?q=" + "x" * 17000)
    check(a.status == 414 and b"longer than 16384" in a.body,
          "a 17 kB address: 414 page", a.status)
    check(raw_status(b"GET /?q=" + b"a" * 100000 +
                     b" HTTP/1.1\r\nHost: x\r\n\r\n") == 414,
          "a 100 kB address: 414")
    check(raw_status(b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 100000 +
                     b"\r\n\r\n") == 431, "a 100 kB header: 431")
    check(raw_status(b"GET / HTTP/1.1\r\nHost: x\r\n" + b"".join(
        b"X-%d: y\r\n" % i for i in range(2000)) + b"\r\n") == 431,
        "2,000 headers: 431")
    check(raw_status(b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: "
                     b"100000000\r\n\r\n" + b"a" * 1000) == 413,
          "a GET with a 100 MB body announced: 413 at once")
    check(raw_status(b"GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: "
                     b"chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n") == 413,
          "a chunked body: 413")
    check(raw_status(b"POST /search HTTP/1.1\r\nHost: x\r\nContent-Length: "
                     b"3\r\n\r\nq=a") == 405, "a POST with a body: 405")
    check(raw_status(b"GET / HTTP/1.1\r\n\r\n") == 400,
          "HTTP/1.1 without Host: 400")
    check(raw_status(b"GET http://evil/search?q=a HTTP/1.1\r\nHost: x\r\n\r\n")
          == 400, "an absolute-form target: 400")
    check(raw_status(b"GET / HTTP/1.0\r\n\r\n") == 200, "HTTP/1.0 is served")
    check(answers_ok(), "after all that, the server answers")

    # A flood: thousands of hostile requests from several threads.
    rng = random.Random(20261101)
    junk = [b"GET /", b"GET /search?q=", b"HEAD /", b"POST /", b"GET /article/",
            b"\x16\x03\x01", b"GET /api/search?q=", b"GET /coverage?topics="]

    def hostile_request(i):
        kind = i % 8
        if kind == 0:      # random bytes
            return bytes(rng.getrandbits(8) for _ in range(rng.randint(1, 400)))
        if kind == 1:      # a request line with random bytes in the target
            return (b"GET /search?q=" + bytes(rng.getrandbits(8) for _ in
                                             range(rng.randint(1, 60))) +
                    b" HTTP/1.1\r\nHost: x\r\n\r\n")
        if kind == 2:      # percent-encoded random bytes, any page
            page = rng.choice(list(PAGES))
            name = rng.choice(PAGES[page])
            value = "".join("%%%02X" % rng.getrandbits(8)
                            for _ in range(rng.randint(1, 40)))
            return ("GET %s?%s=%s HTTP/1.1\r\nHost: x\r\nConnection: "
                    "close\r\n\r\n" % (page, name, value)).encode()
        if kind == 3:      # a truncated request
            full = b"GET /search?q=japan HTTP/1.1\r\nHost: x\r\n\r\n"
            return full[:rng.randint(1, len(full) - 1)]
        if kind == 4:      # junk prefixes and random header lines
            return rng.choice(junk) + b" HTTP/1.1\r\n" + b"".join(
                b"%s: %s\r\n" % (bytes(rng.choice(b"abcXY:-\x00\xff ")
                                       for _ in range(rng.randint(0, 12))),
                                 bytes(rng.getrandbits(8) for _ in
                                       range(rng.randint(0, 30))))
                for _ in range(rng.randint(0, 6))) + b"\r\n"
        if kind == 5:      # queries the parser finds odd
            return ("GET /api/search?%s HTTP/1.1\r\nHost: x\r\n"
                    "Connection: close\r\n\r\n" % q(
                {"q": rng.choice(['"', "((((((((((", "NOT", "-a -b", "a OR",
                                  "title:", "source:\"\"", "\u201c",
                                  "x" * 1024, "AND OR NOT", ")))",
                                  "()()", "*", "a" * 70])})).encode()
        if kind == 6:      # pipelined requests, some bad
            return (b"GET / HTTP/1.1\r\nHost: x\r\n\r\n" * rng.randint(1, 5) +
                    b"GET /\xff HTTP/1.1\r\n\r\n")
        return (b"GET /search?q=japan HTTP/1.1\r\nHost: x\r\nContent-Length: "
                + str(rng.randint(1, 1 << 40)).encode() + b"\r\n\r\nxx")

    requests = [(i % 8, hostile_request(i)) for i in range(int(flood))]
    errors, statuses = [], {}
    lock = threading.Lock()

    unanswered = []

    def worker(part):
        for kind, data in part:
            if kind in (0, 1, 3, 4):
                # Garbage, truncated requests and odd bytes, which a server
                # may wait on (up to its idle timeout) for more: sent from
                # an address of their own (so that its connection limit
                # does not fall on the others) and left at that.
                try:
                    s = socket.socket()
                    s.bind(("127.0.0.4", 0))
                    s.settimeout(5)
                    s.connect((HOST, PORT))
                    s.sendall(data)
                    s.close()
                except OSError as e:
                    with lock:
                        errors.append(repr(e))
                continue
            # Whole requests, each of which must be answered.
            try:
                r = raw(data, timeout=15, source="127.0.0.5")
            except OSError as e:
                with lock:
                    errors.append(repr(e))
                continue
            found = re.findall(rb"HTTP/1\.1 (\d{3})", r)
            with lock:
                if not found:
                    unanswered.append(data[:60])
                for status in found:
                    statuses[status] = statuses.get(status, 0) + 1

    threads = [threading.Thread(target=worker, args=(requests[i::8],))
               for i in range(8)]
    start = time.time()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print("# %d hostile requests in %.1f s; statuses %s" % (
        len(requests), time.time() - start,
        {k.decode(): v for k, v in sorted(statuses.items())}))
    check(not errors, "every hostile request was taken (none timed out or "
          "failed to connect)", errors[:5])
    check(not unanswered, "every whole one was answered", unanswered[:5])
    check(not [s for s in statuses if s.startswith(b"5")],
          "none was answered 5xx", statuses)
    check(answers_ok(), "after %d hostile requests the server answers"
          % len(requests))


# ---------------------------------------------------------------- slow

def group_slow(idle):
    idle = float(idle)
    # A connection that says nothing is closed after the idle timeout.
    s = socket.create_connection((HOST, PORT), timeout=idle + 10)
    start = time.time()
    s.sendall(b"GET /search?q=ja")
    try:
        data = s.recv(100)
    except OSError:
        data = b""
    took = time.time() - start
    s.close()
    check(data == b"" and idle - 0.5 <= took <= idle + 5,
          "a half-sent request is dropped after the idle timeout "
          "(%.1f s for %g)" % (took, idle), data)
    # Slowloris: many connections from another address each dribbling a
    # byte now and then; the server still answers others at once.
    dribblers = []
    for i in range(40):
        try:
            d = socket.socket()
            d.bind(("127.0.0.2", 0))
            d.settimeout(5)
            d.connect((HOST, PORT))
            d.sendall(b"GET /search?q=")
            dribblers.append(d)
        except OSError:
            pass
    check(len(dribblers) == 40, "40 slow connections open from 127.0.0.2",
          len(dribblers))
    slow_ok, worst = True, 0.0
    for round_ in range(3):
        for d in dribblers:
            try:
                d.sendall(b"a")
            except OSError:
                pass
        start = time.time()
        slow_ok = slow_ok and answers_ok()
        worst = max(worst, time.time() - start)
        time.sleep(idle / 3)
    check(slow_ok and worst < 2,
          "meanwhile searches from 127.0.0.1 are answered (slowest %.2f s)"
          % worst)
    for d in dribblers:
        d.close()
    # One address may not take every connection.  Counted once the server
    # has taken them all from the listen queue, by whether each is still
    # open, before any is idle long enough to be closed for that.
    hogs, refused = [], 0
    for i in range(100):
        h = socket.socket()
        h.bind(("127.0.0.3", 0))
        h.settimeout(3)
        try:
            h.connect((HOST, PORT))
            hogs.append(h)
        except OSError:
            refused += 1
    for _ in range(500):
        if listen_queue() == 0:
            break
        time.sleep(0.01)
    time.sleep(0.2)
    closed = 0
    for h in hogs:
        h.setblocking(False)
        try:
            if not h.recv(20, socket.MSG_PEEK):
                closed += 1
        except BlockingIOError:
            pass
        except OSError:
            closed += 1
    check(closed + refused >= 100 - 64 and closed + refused <= 100 - 60,
          "of 100 connections from one address, those over the limit of 64 "
          "are closed (%d)" % (closed + refused))
    check(answers_ok(), "meanwhile another address is served")
    for h in hogs:
        h.close()
    time.sleep(0.5)
    check(answers_ok(), "and the server answers after")


# ---------------------------------------------------------------- stop

def listen_queue():
    """Connections waiting in the server's listen queue (the receive queue
    of its listening socket in /proc/net/tcp, state 0A); 0 when unknown."""
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as f:
                next(f)
                for line in f:
                    fields = line.split()
                    port = int(fields[1].rsplit(":", 1)[1], 16)
                    if port == PORT and fields[3] == "0A":
                        return int(fields[4].split(":")[1], 16)
        except OSError:
            pass
    return 0


def group_stop(pid):
    # Requests sent before SIGTERM are answered in full before the server
    # exits, and none is cut off or hangs.  The connections are opened
    # and taken off the listen queue by the server first (one it has not
    # taken, a stop refuses); the 40 requests then go at once,
    # and the signal 5 ms later, when one worker is still busy with most
    # of them.  A request the server had not yet read is answered 503,
    # saying it is stopping.
    pid = int(pid)
    n = 40
    conns = [http.client.HTTPConnection(HOST, PORT, timeout=30)
             for _ in range(n)]
    for c in conns:
        c.connect()
    for _ in range(1000):
        if listen_queue() == 0:
            break
        time.sleep(0.01)
    time.sleep(0.5)
    for c in conns:
        c.request("GET", "/api/search?" +
                  q({"q": "japan OR france", "limit": "100"}))
    time.sleep(0.005)
    waiting = sum(1 for c in conns
                  if not select.select([c.sock], [], [], 0)[0])
    os.kill(pid, signal.SIGTERM)
    answers = []
    for c in conns:
        try:
            r = c.getresponse()
            body = r.read()
            whole = (body.rstrip().endswith(b"}") if r.status == 200 else
                     r.status == 503 and b"stopping" in body and
                     body.rstrip().endswith(b"</html>"))
            answers.append((r.status, whole))
        except (OSError, http.client.HTTPException) as e:
            answers.append(("error", repr(e)))
        c.close()
    check(all(a[0] in (200, 503) and a[1] is True for a in answers) and
          waiting > 0,
          "%d searches, %d of them unanswered when SIGTERM came, are each "
          "answered in full (%d with their results)"
          % (n, waiting, sum(a[0] == 200 for a in answers)), answers)
    # Exited: gone, or a zombie its parent (the test) has yet to reap.
    gone = False
    for _ in range(200):
        try:
            with open("/proc/%d/stat" % pid) as f:
                gone = f.read().rsplit(")", 1)[1].split()[0] == "Z"
        except OSError:
            gone = True
        if gone:
            break
        time.sleep(0.05)
    check(gone, "and then the server exits within 10 s")


# -------------------------------------------------------------- reopen

def total(query):
    a = get("/api/search?" + q({"q": query}))
    return a.json().get("total") if a.status == 200 else "status %d" % a.status


def expanded(query):
    return [e["from"] for e in get("/api/search?" + q({"q": query}))
            .json()["expanded"]]


def group_reopen(jfindex, index, corpus):
    def run(*args):
        return subprocess.run([jfindex, "--quiet", "--index", index] +
                              list(args) + [corpus], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE).returncode
    article = corpus + "/900_zebracorn.txt"
    check(total("zebracorn") == 0, "a word no article has: no result")
    with open(article, "w") as f:
        f.write("Zebracorn treaty signed in Paris\n\nThe Zebra Unicorn "
                "Treaty (ZUT) was signed by zebracorn officials today.\n\n"
                "Both zebracorn delegations praised it.\n")
    check(run() in (0, 1), "jfindex adds an article (an update in place)")
    check([total("zebracorn") for _ in range(12)] == [3] * 12,
          "12 searches, each on a connection of its own (the worker "
          "threads take turns), find it at once, without a restart")
    check(["ZUT"] == expanded("ZUT"),
          "and the acronym it defines expands (ZUT = zebra unicorn treaty)")
    import os
    os.remove(article)
    check(run("--rebuild") in (0, 1),
          "jfindex --rebuild swaps a new index in")
    check([total("zebracorn") for _ in range(12)] == [0] * 12,
          "the removed article is gone from all 12")
    check(expanded("ZUT") == [], "so is its acronym")
    with open(article, "w") as f:
        f.write("Zebracorn returns\n\nzebracorn again.\n")
    check(run("--rebuild") in (0, 1), "another rebuild, at the same revision")
    check([total("zebracorn") for _ in range(12)] == [2] * 12,
          "is seen too (a new index at the same revision number)")
    # Searches during a rebuild see the old index or the new one.
    old = total("japan")
    os.remove(article)
    seen, bad, stop = set(), [], threading.Event()

    def searcher():
        while not stop.is_set():
            t = total("zebracorn OR japan")
            if isinstance(t, int):
                seen.add(t)
            else:
                bad.append(t)

    threads = [threading.Thread(target=searcher) for _ in range(3)]
    for t in threads:
        t.start()
    code = run("--rebuild")
    time.sleep(0.3)
    stop.set()
    for t in threads:
        t.join()
    check(code in (0, 1) and not bad,
          "searches during a rebuild all succeed", bad[:5])
    check(seen <= {old + 2, old}, "each sees the old index or the new one "
          "(totals %s, expected %s)" % (sorted(seen), [old, old + 2]))
    check(total("zebracorn OR japan") == old, "and then the new one")


# ------------------------------------------------------------ coverage

def group_coverage(jfcoverage, index, topics):
    want = json.loads(subprocess.run(
        [jfcoverage, "--index", index, "--json", "--topics", topics],
        stdout=subprocess.PIPE).stdout)
    a = get("/coverage")
    check(a.status == 200 and 'class="pivot time"' in a.text and
          'class="pivot sources"' in a.text,
          "the coverage view of the --topics file has both tables")
    got = get("/coverage.json")
    check(got.status == 200 and got.header("Content-Type") ==
          "application/json; charset=utf-8" and
          got.header("Content-Disposition") ==
          'attachment; filename="coverage.json"', "JSON download headers")
    g = got.json()
    check(g["schema_version"] == 1 and
          [(t["label"], t["articles_covered"], t["articles_matching"],
            t["passages"], t["covered"]) for t in g["topics"]] ==
          [(t["label"], t["articles_covered"], t["articles_matching"],
            t["passages"], t["covered"]) for t in want["topics"]],
          "its counts are jfcoverage --json's",
          json.dumps(g["topics"])[:400])
    check(g["not_covered"] == want["not_covered"],
          "so are the topics not covered")
    for t in g["topics"]:
        by_period = sum(c["covering"] for c in t["by_period"]) + \
            t["undated"]["covering"]
        by_source = sum(c["covering"] for c in t["by_source"]) + \
            t["unknown_source"]["covering"]
        if not (by_period == by_source == t["articles_covered"]):
            check(False, "the pivots add up for %s" % t["label"], t)
            break
    else:
        check(True, "each topic's periods and sources add up to its "
              "covering articles")
    c = get("/coverage.csv")
    check(c.status == 200 and c.header("Content-Type") ==
          "text/csv; charset=utf-8" and c.header("Content-Disposition") ==
          'attachment; filename="coverage.csv"', "CSV download headers")
    rows = list(csv.DictReader(io.StringIO(c.text)))
    per_period = {}
    for r in rows:
        if r["view"] != "source":
            per_period[r["label"]] = per_period.get(r["label"], 0) + \
                int(r["covering"])
    check(per_period == {t["label"]: t["articles_covered"]
                         for t in g["topics"]},
          "the CSV has the same numbers", per_period)
    # Each cell of the time view leads to the search that fills it.
    links = re.findall(r'<td class="(l\d|m)"><a href="([^"]*)"', a.text)
    check(links, "the time and source cells are links", len(links))
    import html as htmlmod
    checked = 0
    for cls, href in links:
        href = htmlmod.unescape(href)
        params = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(href)
                                             .query))
        if "since" not in params:
            continue
        api = get("/api/search?" + q(dict(params, limit="100")))
        dates = {r["date"] for r in api.json()["results"]}
        if not dates or not all(params["since"] <= d <= params["until"]
                                for d in dates):
            check(False, "cell link %s finds articles of its period" % href,
                  dates)
            break
        checked += 1
    else:
        check(checked > 0, "each of the %d period cells links to a search "
              "finding articles of its period" % checked)
    # Topics typed in the form.
    typed = "+Taiwan: taiwan\r\nNobody: zebracornless\r\n# a comment\r\n"
    a = get("/coverage?" + q({"topics": typed}))
    check(a.status == 200 and "Not covered (1)" in a.text and
          "Nobody</a>: no passage matches" in a.text,
          "typed topics are reported, the uncovered ones listed", a.status)
    j = get("/coverage.json?" + q({"topics": typed, "min": "3"})).json()
    check(j["min_passages"] == 3 and [t["label"] for t in j["topics"]] ==
          ["Taiwan", "Nobody"], "the downloads take the same parameters")
    a = get("/coverage?" + q({"topics": "ok: japan\nbad: \"", "since": "2023"}))
    check(a.status in (200, 400), "an odd topic is answered")
    a = get("/coverage?" + q({"topics": "one: japan\none: france"}))
    check(a.status == 400 and b"topics:2" in a.body and
          b"already used" in a.body,
          "a bad topic: 400 naming its line", a.text[-300:])


def main():
    groups = {"headers": group_headers, "search": group_search,
              "hostile": group_hostile, "slow": group_slow,
              "reopen": group_reopen, "coverage": group_coverage,
              "stop": group_stop}
    try:
        groups[GROUP](*ARGS)
    except Exception as e:  # a check that could not run fails
        import traceback
        check(False, "group %s ran to its end" % GROUP,
              traceback.format_exc())
    sys.exit(1 if failed else 0)


main()
