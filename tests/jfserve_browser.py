#!/usr/bin/env python3
"""jfserve_browser.py - jfserve's pages as headless Chromium renders them,
for jfserve-browser.test.

  jfserve_browser.py CHROMIUM PROFILE ARTIFACTS flow URL
  jfserve_browser.py CHROMIUM PROFILE ARTIFACTS fit NAME PAGE.html [CSS]

flow: a reader's way through the site, each page loaded by Chromium and
checked in the DOM it dumps (--dump-dom): the search form is filled in and
sent as a browser sends a GET form (its action, its fields' names, the
values typed, form-urlencoded), a result is followed to its article, a
date filter is applied with the same form, and the coverage view is
opened and one of its cells followed.  A screenshot of each page is kept
in ARTIFACTS.

fit: PAGE.html (a saved page, with its stylesheet CSS when given) laid
out by Chromium in a 1,400-pixel-wide frame: the page may not be wider
than the window, and its tables must fit without scrolling, but for a
NAME ending in -all, whose heat map of every article scrolls in its box.

Prints TAP lines without numbers, as jfserve_check.py does.  No script
runs in jfserve's pages (its Content-Security-Policy forbids it); the
only script is the checking page of "fit", loaded from a file.
"""

import html
import html.parser
import json
import os
import re
import shutil
import subprocess
import sys
import urllib.parse

CHROMIUM, PROFILE, ARTIFACTS, MODE = sys.argv[1:5]
ARGS = sys.argv[5:]
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync",
         "--user-data-dir=" + PROFILE]
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


def chromium(*args):
    r = subprocess.run(["timeout", "-k", "10", "120", CHROMIUM] + FLAGS +
                       list(args), stdout=subprocess.PIPE,
                       stderr=subprocess.DEVNULL)
    return r.stdout.decode("utf-8", "replace")


def dom(url):
    """The DOM Chromium built for URL, parsed."""
    text = chromium("--dump-dom", url)
    page = Page(url)
    page.feed(text)
    page.source = text
    return page


def screenshot(url, name, height=1100):
    path = os.path.join(ARTIFACTS, name)
    if os.path.exists(path):
        os.remove(path)
    chromium("--hide-scrollbars", "--window-size=1400,%d" % height,
             "--screenshot=" + path, url)
    ok = False
    if os.path.exists(path):
        with open(path, "rb") as f:
            head = f.read(24)
        ok = head[:8] == b"\x89PNG\r\n\x1a\n"
    check(ok, "a screenshot is kept in tests/artifacts/" + name)


class Page(html.parser.HTMLParser):
    """What the checks read of a page: its forms, links with their
    classes, texts by element, and the elements with an id."""

    def __init__(self, url):
        super().__init__(convert_charrefs=True)
        self.url = url
        self.forms, self.links, self.ids = [], [], {}
        self.stack, self.texts = [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag not in ("input", "meta", "link", "br", "img"):
            self.stack.append((tag, a, len(self.texts)))
        if tag == "form":
            self.forms.append({"action": a.get("action", ""),
                               "method": a.get("method", "get").lower(),
                               "fields": []})
        if tag in ("input", "textarea") and self.forms and a.get("name"):
            self.forms[-1]["fields"].append([a["name"], a.get("value", "")])
        if tag == "a" and "href" in a:
            classes = " ".join(t[1].get("class", "") for t in self.stack)
            self.links.append({"href": a["href"], "text": "",
                               "within": classes, "tags": [t[0] for t in
                                                           self.stack]})
        if "id" in a:
            self.ids[a["id"]] = {"tag": tag, "class": a.get("class", ""),
                                 "start": len(self.texts)}

    def handle_endtag(self, tag):
        while self.stack:
            t, a, start = self.stack.pop()
            if t == "a" and self.links:
                self.links[-1]["text"] = "".join(self.texts[start:]).strip()
            if "id" in a and a["id"] in self.ids:
                self.ids[a["id"]]["text"] = "".join(self.texts[start:])
            if t == "textarea" and self.forms:
                for f in self.forms[-1]["fields"]:
                    if f[0] == a.get("name"):
                        f[1] = "".join(self.texts[start:])
            if t == tag:
                break

    def handle_data(self, data):
        self.texts.append(data)

    def submit(self, form, **typed):
        """The URL a browser goes to when FORM is sent with the fields
        TYPED changed (the HTML form submission algorithm, for GET)."""
        fields = [(n, typed.get(n, v)) for n, v in form["fields"]]
        action = urllib.parse.urljoin(self.url, form["action"] or self.url)
        return action.split("?")[0] + "?" + urllib.parse.urlencode(fields)


def marks(source):
    return [html.unescape(m) for m in re.findall(r"<mark>(.*?)</mark>",
                                                 source)]


def results(page):
    """(title, href) of each result, and the dates shown."""
    hits = [(l["text"], l["href"]) for l in page.links
            if "h3" in l["tags"] and l["href"].startswith("/article/")]
    return hits, re.findall(r"<time>([^<]*)</time>", page.source)


# ---------------------------------------------------------------- flow

def flow(base):
    # 1. The search page: type a query into its form and send it.
    home = dom(base)
    forms = [f for f in home.forms if f["action"] == "/search"]
    check(len(forms) == 1 and forms[0]["method"] == "get" and
          [n for n, _ in forms[0]["fields"]] == ["q", "since", "until",
                                                 "source"],
          "the search page has a GET form of q, since, until and source",
          home.forms)
    if not forms:
        return
    url = home.submit(forms[0], q="reciprocal access")
    check(url == base + "search?q=reciprocal+access&since=&until=&source=",
          "typing a query and sending the form asks for it", url)
    page = dom(url)
    hits, dates = results(page)
    check(len(hits) >= 4, "the results are listed (%d)" % len(hits), hits)
    check(page.forms and page.forms[0]["fields"][0] ==
          ["q", "reciprocal access"], "the form keeps the query typed")
    found = {m.lower() for m in marks(page.source)}
    check(found and found <= {"reciprocal", "access"},
          "the matching words, and only they, are marked", found)
    screenshot(url, "jfserve-search.png")

    # 2. Follow the first result to its article.
    title, href = hits[0]
    article_url = urllib.parse.urljoin(url, href)
    art = dom(article_url)
    h1 = re.search(r"<h1>(.*?)</h1>", art.source)
    check(h1 and html.unescape(h1.group(1)) == title,
          "following the first result opens its article", (title, h1))
    fragment = urllib.parse.urlsplit(article_url).fragment
    target = art.ids.get(fragment)
    check(target is not None and "match" in target["class"],
          "the passage the result was is there (#%s), marked as matching"
          % fragment, target)
    passages = [i for i in art.ids if re.fullmatch(r"p\d+", i)]
    check(len(passages) >= 5 and "p0" in passages,
          "every passage of the article is shown, the headline first",
          passages)
    check("reciprocal" in " ".join(marks(art.source)).lower(),
          "the query's words are marked in the article")
    # From the top (a headless screenshot scrolled to a fragment leaves
    # the band above it unpainted).
    screenshot(article_url.split("#")[0], "jfserve-article.png")

    # 3. A date filter, through the same form.
    form = page.forms[0]
    url = page.submit(form, since="2023-04-01", until="2023-04-30")
    dated = dom(url)
    hits, dates = results(dated)
    check(hits and len(dates) == len(hits) and
          all("2023-04-01" <= d <= "2023-04-30" for d in dates),
          "with From 2023-04-01 and To 2023-04-30, only April's articles "
          "(%d results: %s)" % (len(hits), sorted(set(dates))), dates)
    check([f[1] for f in dated.forms[0]["fields"]][:3] ==
          ["reciprocal access", "2023-04-01", "2023-04-30"],
          "the form shows the filter applied")
    screenshot(url, "jfserve-search-dates.png")

    # 4. The coverage view, and one of its cells.
    cov_url = urllib.parse.urljoin(base, "/coverage")
    cov = dom(cov_url)
    check("pivot time" in cov.source and "pivot sources" in cov.source,
          "the coverage view has topics by time and by source")
    cells = [l for l in cov.links if "pivot" in l["within"] and "td" in
             l["tags"] and "since=" in l["href"] and
             not l["text"].startswith("(")]
    check(cells, "its time cells are links (%d)" % len(cells))
    if not cells:
        return
    cell = max(cells, key=lambda l: int(re.sub(r"\D", "", l["text"]) or 0))
    cell_url = urllib.parse.urljoin(cov_url, cell["href"])
    params = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(cell_url)
                                         .query))
    filled = dom(cell_url)
    hits, dates = results(filled)
    fields = dict((n, v) for n, v in filled.forms[0]["fields"])
    check(fields.get("q") == params["q"] and
          fields.get("since") == params["since"] and
          fields.get("until") == params["until"],
          "following the busiest cell (%s) opens the search for its topic "
          "and period" % cell["text"], (fields, params))
    articles = {h[1].split("?")[0] for h in hits}
    covering = int(re.sub(r"\D", "", cell["text"]) or 0)
    check(hits and all(params["since"] <= d <= params["until"]
                       for d in dates) and len(articles) >= covering,
          "which finds the %d covering article(s), all of that period "
          "(%d results, %d articles)" % (covering, len(hits), len(articles)),
          (dates, articles))
    screenshot(cov_url, "jfserve-coverage.png", height=1600)
    screenshot(cell_url, "jfserve-coverage-cell.png")


# ----------------------------------------------------------------- fit

CHECK_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"></head><body style="margin:0">
<pre id="result">{"error": "the checks did not run"}</pre>
<iframe id="page" src="%s" style="width:1400px;height:1000px;border:0">
</iframe>
<script>
window.addEventListener("load", function () {
  var out = {};
  try {
    var w = document.getElementById("page").contentWindow, d = w.document;
    out.width = d.documentElement.scrollWidth;
    out.window = w.innerWidth;
    out.tables = [];
    d.querySelectorAll("table.pivot, table.heat").forEach(function (t) {
      var box = t.parentElement;
      out.tables.push({cls: t.className, width: t.scrollWidth,
                       room: box.clientWidth,
                       right: t.getBoundingClientRect().right,
                       columns: t.tHead.rows[0].cells.length,
                       rows: t.tBodies[0].rows.length});
    });
  } catch (e) { out.error = String(e); }
  document.getElementById("result").textContent = JSON.stringify(out);
});
</script></body></html>
"""


def fit(name, page, css=None):
    folder = os.path.join(os.path.dirname(PROFILE), "fit-" + name)
    os.makedirs(folder, exist_ok=True)
    with open(page, encoding="utf-8") as f:
        text = f.read()
    # A served page's stylesheet, next to it.
    if css:
        shutil.copy(css, os.path.join(folder, "style.css"))
        text = text.replace('href="/style.css"', 'href="style.css"')
    with open(os.path.join(folder, "page.html"), "w", encoding="utf-8") as f:
        f.write(text)
    with open(os.path.join(folder, "check.html"), "w") as f:
        f.write(CHECK_PAGE % "page.html")
    out = chromium("--allow-file-access-from-files", "--dump-dom",
                   "file://" + os.path.join(folder, "check.html"))
    m = re.search(r'<pre id="result">(.*?)</pre>', out, re.S)
    r = json.loads(html.unescape(m.group(1))) if m else {"error": "no DOM"}
    check("error" not in r and r["width"] <= 1400,
          "%s: the page fits a 1,400-pixel window (%s px wide)"
          % (name, r.get("width")), r)
    for t in r.get("tables", []):
        # Every table fits, but the heat map of every article at once
        # (--max-articles=0), which scrolls inside its box.
        if "pivot" in t["cls"] or not name.endswith("-all"):
            check(t["width"] <= t["room"] and t["right"] <= 1400,
                  "%s: its %s table (%d columns, %d topics) fits without "
                  "scrolling (%d of %d px)" % (name, t["cls"], t["columns"],
                                               t["rows"], t["width"],
                                               t["room"]), t)
        else:
            print("# %s: the %s table is %d px wide in %d px (%d columns)%s"
                  % (name, t["cls"], t["width"], t["room"], t["columns"],
                     ", scrolling inside its box" if t["width"] > t["room"]
                     else ""))
    shot = os.path.join(ARTIFACTS, name + ".png")
    chromium("--hide-scrollbars", "--window-size=1400,1400",
             "--screenshot=" + shot, "file://" +
             os.path.join(folder, "page.html"))
    check(os.path.exists(shot), "a screenshot is kept in tests/artifacts/"
          + name + ".png")
    return r


def main():
    try:
        if MODE == "flow":
            flow(*ARGS)
        else:
            fit(*ARGS)
    except Exception:
        import traceback
        check(False, "the %s checks ran to their end" % MODE,
              traceback.format_exc())
    sys.exit(1 if failed else 0)


main()
