#!/usr/bin/env python3
"""golden_check.py - runs jfsearch on the queries in golden/queries.json and
checks the results against expectations written by reading the articles,
and the tree each query parses into (--debug-query) against the one
written by reading the grammar.  Prints TAP.
Usage: golden_check.py JFSEARCH INDEX QUERIES_JSON [WRAPPER...]
"""
import json
import subprocess
import sys

jfsearch, index, queries_file = sys.argv[1:4]
wrapper = sys.argv[4:]
n = 0
failed = 0


def ok(passed, what, detail=""):
    global n, failed
    n += 1
    print(("ok" if passed else "not ok") + f" {n} - {what}")
    if not passed:
        failed += 1
        for line in str(detail).splitlines()[:30]:
            print("#   " + line)


def search(args, limit=10):
    cmd = wrapper + [jfsearch, "--index", index, "--json", "--limit", str(limit)] + args
    p = subprocess.run(cmd, capture_output=True)
    try:
        doc = json.loads(p.stdout.decode("utf-8"))
    except ValueError as e:
        doc = None
        ok(False, f"{args}: output is JSON", f"{e}\n{p.stdout[:500]!r}\n{p.stderr[:500]!r}")
    return p.returncode, doc


def tree(args):
    """The tree jfsearch --debug-query prints for ARGS (options and query
    words), and its exit status."""
    cmd = wrapper + [jfsearch, "--index", index, "--debug-query"] + args
    p = subprocess.run(cmd, capture_output=True)
    return p.returncode, p.stdout.decode("utf-8", "replace").rstrip("\n")


def norm(s):
    return s.replace("\u2019", "'").lower()


def file_no(path):
    return path.rsplit("/", 1)[-1][:3]


def find(results, want):
    for i, r in enumerate(results):
        if file_no(r["path"]) == want[0] and want[1] in r["text"]:
            return i
    return None


def passages(doc):
    """The passages with every word of the query (partial matches, which
    fill a page after them, are not what the query asked for)."""
    return sorted((r["path"], r["passage"]) for r in doc["results"] if not r["partial"])


for q in json.load(open(queries_file, encoding="utf-8"))["queries"]:
    name = " ".join(q["query"])
    rc, doc = search(q["query"], limit=100 if "same_as" in q or "every_text_has" in q else 10)
    if doc is None:
        continue
    ok(rc == q.get("exit", 0), f"{name}: exit status {q.get('exit', 0)}", f"got {rc}")
    if "tree" in q:
        trc, got = tree(q["query"])
        ok(trc == 0 and got == q["tree"], f"{name}: parses into the expected tree",
           f"got  {got}\nwant {q['tree']}")
    if "total" in q:
        ok(doc["total"] == q["total"], f"{name}: {q['total']} matching passages",
           f"got {doc['total']}: " + "\n".join(r['path'] + ': ' + r['text'][:60] for r in doc['results']))
    if "complete" in q:
        ok(doc["complete"] == q["complete"], f"{name}: {q['complete']} passages have every word",
           f"got {doc['complete']}")
        ok(all(not r["partial"] for r in doc["results"][:q["complete"]]) and
           all(r["partial"] for r in doc["results"][q["complete"]:]),
           f"{name}: passages with every word come first, partial ones after")
    if "relaxed" in q:
        ok(doc.get("relaxed") == q["relaxed"], f"{name}: relaxed is {q['relaxed']}")
    if "top" in q:
        k = len(q["top"])
        top = doc["results"][:k]
        missing = [w for w in q["top"] if find(top, w) is None]
        ok(not missing, f"{name}: the first {k} results are the expected passages",
           f"missing {missing}; got: " + "\n".join(r['path'] + ': ' + r['text'][:70] for r in top))
        scores = [r["score"] for r in doc["results"] if not r["partial"]]
        partial_scores = [r["score"] for r in doc["results"] if r["partial"]]
        ok(scores == sorted(scores, reverse=True) and
           partial_scores == sorted(partial_scores, reverse=True) and [r["rank"] for r in doc["results"]] == list(range(1, len(doc["results"]) + 1)),
           f"{name}: ranks ascend as scores descend", scores)
    if "marks" in q:
        allowed = set(q["marks"])
        bad = []
        for r in doc["results"]:
            snip = r["snippet"].encode("utf-8")
            for s, e in r["highlights"]:
                word = norm(snip[s:e].decode("utf-8"))
                if word not in allowed:
                    bad.append(word)
            if not r["highlights"]:
                bad.append("(no highlight in: " + r["snippet"][:60] + ")")
        ok(not bad, f"{name}: highlights mark only the matched words", bad)
    if "every_text_has" in q:
        lacking = [r["text"][:60] for r in doc["results"] if q["every_text_has"] not in norm(r["text"])]
        ok(doc["results"] and not lacking, f"{name}: every passage has '{q['every_text_has']}'", lacking)
    for other in q.get("same_as", []):
        _, odoc = search(other, limit=100)
        if odoc is not None:
            ok(passages(odoc) == passages(doc) and odoc["results"],
               f"{' '.join(other)}: finds the same passages as {name}",
               f"{passages(odoc)}\nvs\n{passages(doc)}")
    if "distinct_paths" in q:
        paths = [r["path"] for r in doc["results"]]
        ok(len(paths) == q["distinct_paths"] == len(set(paths)),
           f"{name}: one passage from each of {q['distinct_paths']} articles", paths)

print(f"1..{n}")
sys.exit(1 if failed else 0)
